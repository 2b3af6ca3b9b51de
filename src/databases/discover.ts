// Database servers installed on this machine from Debian packages. The OS-level admin path
// (root over MariaDB's unix socket, the postgres OS account over PostgreSQL's socket) needs
// no password; through it we create the panel's own account, `serverkit_admin`, with a fresh
// generated password and hand back TCP credentials, which are what gets registered. Running
// it again resets that password, so a lost one is recovered the same way.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { DomainError } from "../lib/errors.ts";
import { engineOf } from "./engines/index.ts";
import type { Conn, EngineId } from "./engines/types.ts";
import { DB_NAME, generatePassword, PANEL_ADMIN } from "./names.ts";
import { osUser, postgresBin, runTool } from "./tools.ts";

export { PANEL_ADMIN };

export interface DiscoverOptions {
  mariadbSocket?: string;
  postgresSocketDir?: string;
  /** Without it every `.s.PGSQL.<port>` socket in the directory is a cluster to register. */
  postgresPort?: number;
  postgresOsUser?: string;
}

export interface DiscoveredEngine {
  engine: EngineId;
  version: string;
  conn: Conn;
}

export async function discoverHostEngines(opts: DiscoverOptions = {}): Promise<DiscoveredEngine[]> {
  const found: DiscoveredEngine[] = [];
  const socket = opts.mariadbSocket ?? "/run/mysqld/mysqld.sock";
  if (existsSync(socket)) found.push(await adoptMariaDb(socket));
  const dir = opts.postgresSocketDir ?? "/var/run/postgresql";
  for (const port of postgresPorts(dir, opts.postgresPort)) {
    found.push(await adoptPostgres(dir, port, opts.postgresOsUser ?? "postgres"));
  }
  return found;
}

// ---- MariaDB ----

/** Runs SQL as MariaDB's root over the unix socket (unix_socket authentication: we are OS root). */
export function mariadbSocketSql(socket: string, sql: string): Promise<string> {
  return runTool(["mariadb", "--no-defaults", `--socket=${socket}`, "--user=root", "--batch", "--skip-column-names"], {
    stdin: sql,
    code: "db_discover_failed",
  });
}

/**
 * (Re)creates an all-privileges account at each host. The password travels as a hex literal
 * (unambiguous, nothing to escape) and the server's own QUOTE() builds the statement, so no
 * quoting of ours touches it. User and hosts are our constants or server-reported addresses.
 */
export function mariadbAdminScript(user: string, password: string, hosts: string[]): string {
  if (!DB_NAME.test(user) || !hosts.every((h) => /^(?:localhost|%|[0-9a-fA-F:.]+)$/.test(h))) throw new Error("mariadbAdminScript: unexpected account name or host");
  const hex = Buffer.from(password, "utf8").toString("hex");
  const lines = [`SET @pw = CONVERT(X'${hex}' USING utf8mb4);`];
  for (const host of hosts) {
    lines.push(
      `SET @stmt = CONCAT('CREATE OR REPLACE USER ''${user}''@''${host}'' IDENTIFIED BY ', QUOTE(@pw));`,
      "PREPARE stmt FROM @stmt; EXECUTE stmt; DEALLOCATE PREPARE stmt;",
      `GRANT ALL PRIVILEGES ON *.* TO '${user}'@'${host}' WITH GRANT OPTION;`,
    );
  }
  lines.push("SET @pw = NULL, @stmt = NULL;");
  return lines.join("\n") + "\n";
}

async function adoptMariaDb(socket: string): Promise<DiscoveredEngine> {
  // One client run: where the server listens, then the account (its statements print nothing).
  const password = generatePassword();
  const hosts = ["localhost", "127.0.0.1", "::1"];
  const out = await mariadbSocketSql(socket, "SELECT @@port, @@skip_networking, IFNULL(@@bind_address, '');\n" + mariadbAdminScript(PANEL_ADMIN, password, hosts));
  const [port = "", skipNetworking = "", bind = ""] = out.trim().split("\t");
  if (skipNetworking === "1") {
    throw new DomainError("unavailable", "db_no_tcp", `MariaDB at ${socket} has networking turned off (skip-networking); the panel connects over TCP.`);
  }
  const host = tcpHost(bind.split(",")[0]?.trim() ?? "");
  // A server bound to one specific address sees us coming from it, not from loopback.
  if (!hosts.includes(host)) await mariadbSocketSql(socket, mariadbAdminScript(PANEL_ADMIN, password, [host]));
  const conn: Conn = { host, port: Number(port), user: PANEL_ADMIN, password };
  return { engine: "mariadb", version: await engineOf("mariadb").version(conn), conn };
}

// ---- PostgreSQL ----

function postgresPorts(dir: string, port: number | undefined): number[] {
  if (port !== undefined) return existsSync(join(dir, `.s.PGSQL.${port}`)) ? [port] : [];
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => /^\.s\.PGSQL\.(\d+)$/.exec(f)?.[1])
    .filter((p): p is string => p !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** Runs psql as the postgres OS account over the socket (peer or trust authentication: no password). */
export function postgresSocketSql(dir: string, port: number, osAccount: string, sql: string): Promise<string> {
  const psql = [postgresBin("psql"), "--no-psqlrc", "--quiet", "--no-align", "--tuples-only", "-v", "ON_ERROR_STOP=1", "-h", dir, "-p", String(port), "-d", "postgres"];
  const asRoot = process.getuid?.() === 0;
  if (asRoot && !osUser(osAccount)) {
    return Promise.reject(new DomainError("unavailable", "db_discover_failed", `There is no OS account "${osAccount}" to administer PostgreSQL with.`));
  }
  // runuser needs root; a panel already running as that account runs psql directly.
  const argv = asRoot ? ["runuser", "-u", osAccount, "--", ...psql] : psql;
  return runTool(argv, { stdin: sql, cwd: "/", code: "db_discover_failed" });
}

/** Creates or resets a superuser login role; the password goes in as hex and the server's format('%L') quotes it. */
export function postgresAdminScript(user: string, password: string): string {
  if (!DB_NAME.test(user)) throw new Error("postgresAdminScript: unexpected role name");
  const hex = Buffer.from(password, "utf8").toString("hex");
  return `DO $serverkit$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '${user}') THEN
    CREATE ROLE ${user};
  END IF;
  EXECUTE format('ALTER ROLE ${user} WITH LOGIN SUPERUSER PASSWORD %L', convert_from(decode('${hex}', 'hex'), 'UTF8'));
END
$serverkit$;
`;
}

async function adoptPostgres(dir: string, port: number, osAccount: string): Promise<DiscoveredEngine> {
  // One psql run: where the server listens, then the account (DO prints nothing with --quiet).
  const password = generatePassword();
  const out = await postgresSocketSql(dir, port, osAccount, "SHOW listen_addresses;\n" + postgresAdminScript(PANEL_ADMIN, password));
  const listen = out.trim();
  if (listen === "") {
    throw new DomainError("unavailable", "db_no_tcp", `PostgreSQL on port ${port} does not listen on TCP (listen_addresses is empty); the panel connects over TCP.`);
  }
  const host = tcpHost(listen.split(",")[0]?.trim() ?? "");
  const conn: Conn = { host, port, user: PANEL_ADMIN, password };
  return { engine: "postgres", version: await engineOf("postgres").version(conn), conn };
}

/** Where to reach a server from this machine, given the address it listens on. */
function tcpHost(listen: string): string {
  if (["", "*", "0.0.0.0", "::", "localhost", "127.0.0.1"].includes(listen)) return "127.0.0.1";
  if (listen === "::1") return "::1";
  // A specific address (IP literal only: it is also used as an account host on MariaDB).
  return /^[0-9a-fA-F:.]+$/.test(listen) ? listen : "127.0.0.1";
}
