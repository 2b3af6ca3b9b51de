// Small pieces both engines share.
import { invalid } from "../../lib/errors.ts";
import type { Conn } from "./types.ts";

/** DATABASE_URL for apps: user and password percent-encoded, IPv6 hosts in brackets. */
export function dbUrl(scheme: "mysql" | "postgres" | "mongodb", conn: Conn & { database: string }): string {
  const host = conn.host.includes(":") && !conn.host.startsWith("[") ? `[${conn.host}]` : conn.host;
  const auth = `${encodeURIComponent(conn.user)}:${encodeURIComponent(conn.password)}`;
  return `${scheme}://${auth}@${host}:${conn.port}/${encodeURIComponent(conn.database)}`;
}

// Tables come from existing databases, so they are not held to DB_NAME (mixed case is
// common); still plain identifiers only, as they end up in dump tools' arguments.
const TABLE = /^[A-Za-z_][A-Za-z0-9_$]{0,63}$/;

export function assertTableName(name: string): string {
  if (!TABLE.test(name)) {
    throw invalid("invalid_table_name", `"${name}" is not a table name we can exclude: letters, digits, "_" and "$", starting with a letter or "_".`);
  }
  return name;
}
