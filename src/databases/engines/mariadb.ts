// MariaDB (and MySQL) as data: where it runs, what it keeps for itself, and the handful of
// statements the panel issues. Names pass DB_NAME before they are put between backticks,
// so that quoting is trivially safe; passwords are quoted by the server (SELECT QUOTE(?)).
import { conflict, forbidden, invalid, notFound } from "../../lib/errors.ts";
import { assertDbName, assertPassword, PANEL_ADMIN } from "../names.ts";
import { num, withClient, type Classify } from "./client.ts";
import { assertTableName, dbUrl } from "./common.ts";
import type { Conn, DbInfo, Engine, ToolCommand } from "./types.ts";

const SYSTEM_DATABASES = ["information_schema", "mysql", "performance_schema", "sys"];
// Debian's maintenance accounts, the docker image's healthcheck account, MySQL's internal ones.
const SYSTEM_USERS = ["root", "mysql", "mariadb.sys", "healthcheck", "debian-sys-maint", "mysql.sys", "mysql.session", "mysql.infoschema", "PUBLIC", PANEL_ADMIN];

/** Apps connect from docker networks as well as from the host: accounts are 'user'@'%'. */
const ANY_HOST = "'%'";

const classify: Classify = ({ serverCode, message }) => {
  switch (serverCode) {
    case "1045": // ER_ACCESS_DENIED_ERROR: wrong user or password
    case "1698": // ER_ACCESS_DENIED_NO_PASSWORD_ERROR (e.g. root with unix_socket only)
      return invalid("db_auth_failed", message);
    case "1044": // ER_DBACCESS_DENIED_ERROR: no rights on that database
    case "1142": // ER_TABLEACCESS_DENIED_ERROR
    case "1227": // ER_SPECIFIC_ACCESS_DENIED_ERROR: the admin lacks a privilege
      return forbidden("db_access_denied", message);
    case "1007":
      return conflict("database_exists", message);
    case "1008":
    case "1049":
      return notFound("database_not_found", message);
    default:
      return undefined;
  }
};

const run = <T>(conn: Conn, fn: Parameters<typeof withClient<T>>[3]) => withClient("mariadb", conn, classify, fn);

function dbIdent(name: string): string {
  const n = assertDbName("database", name);
  if (SYSTEM_DATABASES.includes(n)) throw invalid("db_reserved_name", `"${n}" is a system database of MariaDB.`);
  return "`" + n + "`";
}

function userName(name: string): string {
  const n = assertDbName("user", name);
  if (SYSTEM_USERS.includes(n)) throw invalid("db_reserved_name", `"${n}" is a system account of MariaDB.`);
  return n;
}

/** Client tool arguments shared by mariadb and mariadb-dump; the password goes in MYSQL_PWD. */
function clientArgs(conn: Conn): ToolCommand {
  return {
    // --no-defaults: /etc/mysql/*.cnf must not redirect us; --protocol=TCP: "localhost" would mean the socket.
    argv: ["--no-defaults", "--protocol=TCP", `--host=${conn.host}`, `--port=${conn.port}`, `--user=${conn.user}`, "--default-character-set=utf8mb4"],
    env: { MYSQL_PWD: conn.password },
  };
}

/** MariaDB and MySQL speak the same SQL here; they differ in their images and their tools' names. */
function family(f: Pick<Engine, "id" | "label" | "container">, tools: { dump: string; client: string }): Engine {
  return {
    id: f.id,
    label: f.label,
    defaultPort: 3306,
    capabilities: { databases: true, users: true, host: f.id === "mariadb" },
    link: { kind: "credentials" },
    partFormat: "sql.zst",
    container: f.container,
    systemDatabases: SYSTEM_DATABASES,
    systemUsers: SYSTEM_USERS,
    dumpFormat: "sql",

    version: (conn) => run(conn, async (sql) => String((await sql.unsafe("SELECT VERSION() AS v"))[0].v)),

    listDatabases: (conn) =>
      run(conn, async (sql) => {
        const rows: { name: string; size: unknown; tables: unknown }[] = await sql.unsafe(
          `SELECT s.SCHEMA_NAME AS name, COALESCE(SUM(t.DATA_LENGTH + t.INDEX_LENGTH), 0) AS size, COUNT(t.TABLE_NAME) AS tables
             FROM information_schema.SCHEMATA s LEFT JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = s.SCHEMA_NAME
            GROUP BY s.SCHEMA_NAME ORDER BY s.SCHEMA_NAME`,
        );
        return rows
          .filter((r) => !SYSTEM_DATABASES.includes(r.name))
          .map((r): DbInfo => ({ name: r.name, sizeBytes: num(r.size), tables: num(r.tables) }));
      }),

    listUsers: (conn) =>
      run(conn, async (sql) => {
        // Filtering happens here rather than in SQL: comparing mysql.user's columns with literals
        // trips over collation mismatches on servers configured with another default collation.
        let rows: { user: string; is_role?: string }[];
        try {
          rows = await sql.unsafe("SELECT User AS user, is_role FROM mysql.user");
        } catch (e) {
          // MySQL has no roles column: every row is an account there.
          if ((e as { errno?: number }).errno !== 1054) throw e;
          rows = await sql.unsafe("SELECT User AS user FROM mysql.user");
        }
        const users = rows.filter((r) => r.is_role !== "Y").map((r) => String(r.user));
        return [...new Set(users)].filter((u) => u !== "" && !SYSTEM_USERS.includes(u) && u !== conn.user).sort();
      }),

    createDatabase: async (conn, name) => {
      const db = dbIdent(name);
      await run(conn, (sql) => sql.unsafe(`CREATE DATABASE ${db} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`));
    },

    dropDatabase: async (conn, name) => {
      const db = dbIdent(name);
      await run(conn, (sql) => sql.unsafe(`DROP DATABASE ${db}`));
    },

    createUser: async (conn, user, password) => {
      const u = userName(user);
      assertPassword(password);
      await run(conn, async (sql) => {
        const [{ q }] = await sql.unsafe("SELECT QUOTE(?) AS q", [password]);
        try {
          await sql.unsafe(`CREATE USER '${u}'@${ANY_HOST} IDENTIFIED BY ${q}`);
        } catch (e) {
          // ER_CANNOT_USER is the only answer MariaDB gives to "that account exists".
          if ((e as { errno?: number }).errno === 1396) throw conflict("db_user_exists", `A user named "${u}" already exists.`);
          throw e;
        }
      });
    },

    dropUser: async (conn, user) => {
      const u = userName(user);
      await run(conn, async (sql) => {
        // Every host the account exists at, quoted by the server.
        const hosts: { host: string }[] = await sql.unsafe("SELECT QUOTE(Host) AS host FROM mysql.user WHERE User = ?", [u]);
        if (hosts.length === 0) throw notFound("db_user_not_found", `There is no user named "${u}".`);
        for (const { host } of hosts) await sql.unsafe(`DROP USER '${u}'@${host}`);
      });
    },

    grantAll: async (conn, database, user) => {
      const db = dbIdent(database);
      const u = userName(user);
      await run(conn, async (sql) => {
        const found = await sql.unsafe("SELECT 1 AS x FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", [assertDbName("database", database)]);
        if (found.length === 0) throw notFound("database_not_found", `There is no database named "${database}".`);
        // In a GRANT's database name "_" is a wildcard: unescaped, a grant on app_1 would also cover appx1.
        const pattern = db.replaceAll("_", "\\_");
        try {
          await sql.unsafe(`GRANT ALL PRIVILEGES ON ${pattern}.* TO '${u}'@${ANY_HOST}`);
        } catch (e) {
          if ((e as { errno?: number }).errno === 1133) throw notFound("db_user_not_found", `There is no user named "${u}".`);
          throw e;
        }
      });
    },

    url: (conn) => dbUrl("mysql", conn),

    dumpCommand(conn, database, excludeTables, schemaOnlyTables = []) {
      const db = assertDbName("database", database);
      const base = clientArgs(conn);
      const ignore = excludeTables.map((t) => `--ignore-table=${db}.${assertTableName(t)}`);
      // mysqldump has no --ignore-table-data; mariadb-dump has.
      if (schemaOnlyTables.length && tools.dump !== "mariadb-dump") throw invalid("schema_only_unsupported", "Dumping tables without their rows needs mariadb-dump; this server's tools are MySQL's.");
      ignore.push(...schemaOnlyTables.map((t) => `--ignore-table-data=${db}.${assertTableName(t)}`));
      // --single-transaction: a consistent InnoDB snapshot without locking the app out.
      // --hex-blob: binary columns survive any client character set.
      const flags = ["--single-transaction", "--routines", "--triggers", "--events", "--hex-blob"];
      return { argv: [tools.dump, ...base.argv, ...flags, ...ignore, db], env: base.env };
    },

    async restoreCommand(conn, database, format, inside) {
      if (format !== "sql") throw invalid("restore_format_unsupported", "MariaDB restores plain SQL dumps (.sql or .sql.gz).");
      const base = clientArgs(inside ?? conn);
      return { argv: [tools.client, ...base.argv, "--batch", assertDbName("database", database)], env: base.env };
    },
  };
}

export const mariadb = family(
  {
    id: "mariadb",
    label: "MariaDB / MySQL",
    container: { templateId: "mariadb", service: "mariadb", image: "mariadb:11", containerPort: 3306, adminUser: "root", passwordVar: "ROOT_PASSWORD", portVar: "PORT" },
  },
  { dump: "mariadb-dump", client: "mariadb" },
);

/** MySQL in a container (its image has mysqldump/mysql, not the mariadb-* names); on a host, register it as MariaDB / MySQL. */
export const mysql = family(
  {
    id: "mysql",
    label: "MySQL",
    container: { templateId: "mysql", service: "mysql", image: "mysql:8.4", containerPort: 3306, adminUser: "root", passwordVar: "ROOT_PASSWORD", portVar: "PORT" },
  },
  { dump: "mysqldump", client: "mysql" },
);
