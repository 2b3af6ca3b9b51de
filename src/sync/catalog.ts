// What the transforms after search-replace (truncate, anonymize, WordPress URLs) need to know
// about a database: its base tables and their columns, named as users see them ("wp_users",
// or "schema.table" on PostgreSQL outside public), and one session to work in. Names come
// from the catalog; only plain identifiers are ever put between the engine's quotes.
import type { SQL } from "bun";
import { withClient } from "../databases/engines/client.ts";
import { invalid } from "../lib/errors.ts";
import type { DbTarget } from "./search-replace.ts";

export interface CatalogTable {
  /** "wp_users", or "schema.table" on PostgreSQL outside public. */
  name: string;
  schema: string | null;
  table: string;
  /** Column names as the catalog spells them, in table order. */
  columns: string[];
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]{0,63}$/;

/** A plain identifier between the engine's quotes; throws invalid "unsupported_identifier" otherwise. */
export function quote(engine: DbTarget["engine"], name: string): string {
  if (!IDENT.test(name)) {
    throw invalid("unsupported_identifier", `"${name}" is not a name ServerKit can work with: letters, digits, "_" and "$" only.`);
  }
  return engine === "mariadb" ? `\`${name}\`` : `"${name}"`;
}

/** The quoted, schema-qualified (PostgreSQL) name of a table. */
export function tableIdent(engine: DbTarget["engine"], t: CatalogTable): string {
  return t.schema === null ? quote(engine, t.table) : `${quote(engine, t.schema)}.${quote(engine, t.table)}`;
}

/** The actual spelling of a column, matched case-insensitively (PostgreSQL folds unquoted names). */
export function column(t: CatalogTable, name: string): string | undefined {
  const lower = name.toLowerCase();
  return t.columns.find((c) => c.toLowerCase() === lower);
}

/** `$n` or `?`: the n-th (1-based) bind parameter. */
export const param = (engine: DbTarget["engine"], n: number) => (engine === "mariadb" ? "?" : `$${n}`);

/** One session on the target database, UTF-8 both ways, strict about lengths; errors become DomainErrors. */
export function withTarget<T>(t: DbTarget, fn: (sql: SQL) => Promise<T>): Promise<T> {
  return withClient(t.engine, t.conn, () => undefined, async (sql) => {
    if (t.engine === "mariadb") {
      await sql.unsafe("SET NAMES utf8mb4");
      // A value too long for its column is an error, never silently cut (servers without strict mode).
      await sql.unsafe("SET SESSION sql_mode = CONCAT_WS(',', @@SESSION.sql_mode, 'STRICT_ALL_TABLES')");
    }
    return fn(sql);
  });
}

export async function listTables(sql: SQL, engine: DbTarget["engine"]): Promise<CatalogTable[]> {
  const rows: { s: string; t: string; c: string }[] =
    engine === "mariadb"
      ? await sql.unsafe(
          `SELECT c.TABLE_SCHEMA AS s, c.TABLE_NAME AS t, c.COLUMN_NAME AS c
             FROM information_schema.COLUMNS c
             JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
            WHERE c.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE'
            ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`,
        )
      : await sql.unsafe(
          `SELECT n.nspname AS s, c.relname AS t, a.attname AS c
             FROM pg_catalog.pg_class c
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
            ORDER BY n.nspname, c.relname, a.attnum`,
        );
  const byName = new Map<string, CatalogTable>();
  for (const r of rows) {
    const schema = engine === "mariadb" ? null : String(r.s);
    const name = schema === null || schema === "public" ? String(r.t) : `${schema}.${r.t}`;
    let t = byName.get(name);
    if (!t) byName.set(name, (t = { name, schema, table: String(r.t), columns: [] }));
    t.columns.push(String(r.c));
  }
  return [...byName.values()];
}
