// PostgreSQL as data. Names pass DB_NAME before they are put between double quotes, so that
// quoting is trivially safe; passwords are quoted by the server (format('%L', $1)). A user
// "gets" a database by owning it (and its public schema), which is what lets apps create
// tables on PostgreSQL 15+, where PUBLIC may no longer create in schema public.
import { conflict, forbidden, invalid, notFound } from "../../lib/errors.ts";
import { assertDbName, assertPassword, DB_NAME, PANEL_ADMIN } from "../names.ts";
import { num, withClient, type Classify } from "./client.ts";
import { postgresBin } from "../tools.ts";
import { assertTableName, dbUrl } from "./common.ts";
import type { Conn, DbInfo, Engine, ToolCommand } from "./types.ts";

const SYSTEM_DATABASES = ["postgres", "template0", "template1"];
const SYSTEM_USERS = ["postgres", PANEL_ADMIN];

const classify: Classify = ({ serverCode, message }) => {
  switch (serverCode) {
    case "28P01": // invalid_password (also sent for unknown roles, so as not to reveal them)
    case "28000": // invalid_authorization_specification: no pg_hba.conf entry, role cannot log in
      return invalid("db_auth_failed", message);
    case "42501": // insufficient_privilege, e.g. no CONNECT on a database
      return forbidden("db_access_denied", message);
    case "42P04":
      return conflict("database_exists", message);
    case "3D000":
      return notFound("database_not_found", message);
    case "42710":
      return conflict("db_user_exists", message);
    case "42704":
      return notFound("db_user_not_found", message);
    case "2BP01": // dependent_objects_still_exist: the role still owns or has rights on something
      return conflict("db_user_in_use", message);
    case "55006":
      return conflict("database_in_use", message);
    default:
      return undefined;
  }
};

/** Without a database Bun would pick one named after the user; the maintenance database always exists. */
const run = <T>(conn: Conn, fn: Parameters<typeof withClient<T>>[3]) =>
  withClient("postgres", { ...conn, database: conn.database ?? "postgres" }, classify, fn);

function dbIdent(name: string): string {
  const n = assertDbName("database", name);
  if (SYSTEM_DATABASES.includes(n)) throw invalid("db_reserved_name", `"${n}" is a system database of PostgreSQL.`);
  return `"${n}"`;
}

function userIdent(name: string): string {
  const n = assertDbName("user", name);
  if (SYSTEM_USERS.includes(n) || n.startsWith("pg_")) throw invalid("db_reserved_name", `"${n}" is reserved by PostgreSQL or the panel.`);
  return `"${n}"`;
}

/** psql/pg_dump/pg_restore connection arguments; the password goes in PGPASSWORD. */
function clientArgs(conn: Conn, database: string): ToolCommand {
  return {
    argv: ["--no-password", "-h", conn.host, "-p", String(conn.port), "-U", conn.user, `--dbname=${assertDbName("database", database)}`],
    env: { PGPASSWORD: conn.password, PGCONNECT_TIMEOUT: "10", PGAPPNAME: "serverkit" },
  };
}

async function countTables(conn: Conn, database: string): Promise<number> {
  try {
    return await run({ ...conn, database }, async (sql) => {
      const [row] = await sql.unsafe(
        `SELECT count(*) AS n FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace s ON s.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p') AND s.nspname NOT IN ('pg_catalog', 'information_schema') AND s.nspname NOT LIKE 'pg\\_toast%'`,
      );
      return num(row.n);
    });
  } catch {
    return 0; // a database the admin may not enter still gets listed, with its size
  }
}

export const postgres: Engine = {
  id: "postgres",
  label: "PostgreSQL",
  defaultPort: 5432,
  capabilities: { databases: true, users: true, host: true },
  link: { kind: "credentials" },
  partFormat: "pg-custom",
  // The postgres image makes the template's USER (default "app") the superuser.
  container: { templateId: "postgresql", service: "postgres", image: "postgres:17-alpine", containerPort: 5432, adminUser: "app", userVar: "USER", passwordVar: "PASSWORD", portVar: "PORT" },
  systemDatabases: SYSTEM_DATABASES,
  systemUsers: SYSTEM_USERS,
  dumpFormat: "pg-custom",

  version: (conn) => run(conn, async (sql) => String((await sql.unsafe("SHOW server_version"))[0].server_version)),

  async listDatabases(conn) {
    const rows: { name: string; size: unknown }[] = await run(conn, (sql) =>
      // Like MariaDB, list only what this account may enter (for the admin: everything).
      sql.unsafe(
        "SELECT datname AS name, pg_database_size(oid) AS size FROM pg_catalog.pg_database WHERE NOT datistemplate AND has_database_privilege(oid, 'CONNECT') ORDER BY datname",
      ),
    );
    const user = rows.filter((r) => !SYSTEM_DATABASES.includes(r.name));
    // Tables live in each database's own catalog: one short connection per database.
    const out: DbInfo[] = [];
    for (let i = 0; i < user.length; i += 4) {
      const batch = user.slice(i, i + 4);
      const counts = await Promise.all(batch.map((r) => countTables(conn, r.name)));
      batch.forEach((r, j) => out.push({ name: r.name, sizeBytes: num(r.size), tables: counts[j] ?? 0 }));
    }
    return out;
  },

  listUsers: (conn) =>
    run(conn, async (sql) => {
      const rows: { name: string }[] = await sql.unsafe("SELECT rolname AS name FROM pg_catalog.pg_roles WHERE rolcanlogin AND rolname !~ '^pg_' ORDER BY rolname");
      return rows.map((r) => r.name).filter((u) => !SYSTEM_USERS.includes(u) && u !== conn.user);
    }),

  createDatabase: async (conn, name) => {
    const db = dbIdent(name);
    await run(conn, async (sql) => {
      // template0: the encoding may differ from template1's.
      await sql.unsafe(`CREATE DATABASE ${db} ENCODING 'UTF8' TEMPLATE template0`);
      // PUBLIC may connect to any new database by default; only its owner should.
      await sql.unsafe(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`);
    });
  },

  dropDatabase: async (conn, name) => {
    const db = dbIdent(name);
    // FORCE (PostgreSQL 13+) ends other sessions in it first; apps would otherwise block the drop.
    await run(conn, (sql) => sql.unsafe(`DROP DATABASE ${db} WITH (FORCE)`));
  },

  createUser: async (conn, user, password) => {
    const u = userIdent(user);
    assertPassword(password);
    await run(conn, async (sql) => {
      const [{ q }] = await sql.unsafe("SELECT format('%L', $1::text) AS q", [password]);
      await sql.unsafe(`CREATE ROLE ${u} LOGIN PASSWORD ${q}`);
    });
  },

  dropUser: async (conn, user) => {
    const u = userIdent(user);
    await run(conn, (sql) => sql.unsafe(`DROP ROLE ${u}`));
  },

  grantAll: async (conn, database, user) => {
    const db = dbIdent(database);
    const u = userIdent(user);
    await run(conn, async (sql) => {
      await sql.unsafe(`ALTER DATABASE ${db} OWNER TO ${u}`);
      await sql.unsafe(`GRANT ALL PRIVILEGES ON DATABASE ${db} TO ${u}`);
    });
    await run({ ...conn, database: assertDbName("database", database) }, (sql) => sql.unsafe(`ALTER SCHEMA public OWNER TO ${u}`));
  },

  url: (conn) => dbUrl("postgres", conn),

  dumpCommand(conn, database, excludeTables, schemaOnlyTables = []) {
    const base = clientArgs(conn, database);
    // Double quotes make each pattern one exact, case-sensitive name in any schema.
    const exclude = excludeTables.map((t) => `--exclude-table="${assertTableName(t)}"`);
    exclude.push(...schemaOnlyTables.map((t) => `--exclude-table-data="${assertTableName(t)}"`));
    return { argv: [postgresBin("pg_dump"), ...base.argv, "--format=custom", ...exclude], env: base.env };
  },

  async restoreCommand(conn, database, format, inside) {
    const base = clientArgs(inside ?? conn, database);
    // Restored objects belong to the database's owner (the app's user after grantAll), not to
    // the admin we connect as, or the app could not read its own tables.
    const owner = await run({ ...conn, database }, async (sql) => {
      const [row] = await sql.unsafe("SELECT pg_catalog.pg_get_userbyid(datdba) AS owner FROM pg_catalog.pg_database WHERE datname = current_database()");
      return String(row.owner);
    });
    const asOwner = owner !== conn.user && DB_NAME.test(owner);
    if (format === "pg-custom") {
      const role = asOwner ? [`--role=${owner}`] : [];
      return { argv: [postgresBin("pg_restore"), ...base.argv, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", ...role], env: base.env };
    }
    return {
      argv: [postgresBin("psql"), ...base.argv, "--no-psqlrc", "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1", "--file=-"],
      env: base.env,
      stdinPrefix: asOwner ? `SET ROLE "${owner}";\n` : undefined,
    };
  },
};
