// One short-lived Bun.SQL client per operation (admin actions are rare; a pool per server
// would hold connections open for nothing), always closed, its errors turned into
// DomainErrors that carry the server's own message.
import { SQL } from "bun";
import { DomainError, invalid } from "../../lib/errors.ts";
import type { Conn } from "./types.ts";

/** What engines look at to classify a failure. */
export interface SqlFailure {
  /** MariaDB's error number (1045...) or PostgreSQL's SQLSTATE ("28P01"...), when the server sent one. */
  serverCode: string | undefined;
  message: string;
}

/** An engine's own reading of server errors; undefined leaves the generic one. */
export type Classify = (f: SqlFailure) => DomainError | undefined;

export async function withClient<T>(
  adapter: "mariadb" | "postgres",
  conn: Conn,
  classify: Classify,
  fn: (sql: SQL) => Promise<T>,
): Promise<T> {
  const sql = new SQL({
    adapter,
    hostname: conn.host,
    port: conn.port,
    username: conn.user,
    password: conn.password,
    // "" rather than undefined: no database selected, never one from MARIADB_DATABASE/PGDATABASE.
    // (The "mariadb" adapter is Bun's MySQL driver; "mysql" would pick the `mysql` schema.)
    database: conn.database ?? "",
    max: 1, // statements of one operation run in order on one session
    connectionTimeout: 10,
  });
  try {
    return await fn(sql);
  } catch (e) {
    throw toDomainError(e, conn, classify);
  } finally {
    await sql.close();
  }
}

export function toDomainError(e: unknown, conn: Conn, classify: Classify): unknown {
  if (e instanceof DomainError || !(e instanceof Error)) return e;
  const err = e as Error & { code?: string; errno?: number | string };
  const serverCode = err.errno === undefined ? undefined : String(err.errno);
  if (serverCode === undefined && typeof err.code === "string" && /CONNECTION|TIMEOUT|TLS|SOCKET/.test(err.code)) {
    return new DomainError("unavailable", "db_unreachable", `Cannot reach the database server at ${conn.host}:${conn.port} (${err.message}).`);
  }
  const failure = { serverCode, message: err.message };
  return classify(failure) ?? invalid("db_error", `The database server refused: ${err.message}`);
}

/** A number from a driver value (bigint columns arrive as strings or bigints). */
export function num(v: unknown): number {
  return v === null || v === undefined ? 0 : Number(v);
}
