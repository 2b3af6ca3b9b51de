// What the search-replace pass needs to know about an engine: which tables and columns hold
// text, how to read and write them, and how to address one row. Identifiers come from the
// database's own catalog; like the engines in databases/engines, we accept plain names only
// and put them between the engine's quotes, so quoting is trivially safe. A table or column
// with any other name is refused loudly rather than skipped, so nothing is silently missed.
import type { SQL } from "bun";
import { invalid } from "../lib/errors.ts";

export interface Column {
  name: string;
  /** Quoted identifier. */
  ident: string;
  /** The expression that reads it as text. */
  read: string;
  /** The expression that stores parameter `p` into it. */
  write(p: string): string;
}

export interface Table {
  /** "wp_posts", or "schema.table" on PostgreSQL outside public. */
  name: string;
  ident: string;
  /** Primary-key columns in key order; empty when the table has none. */
  pk: Column[];
  /** Text columns to transform (never a primary-key column, never binary). */
  text: Column[];
  /** Every column, for addressing rows of tables without a primary key. */
  all: Column[];
}

export interface Dialect {
  engine: "mariadb" | "postgres";
  tables(sql: SQL): Promise<Table[]>;
  /** The n-th (1-based) bind parameter. */
  param(n: number): string;
  /** SQL true when text `expr` contains parameter `p`; may over-match (collations), never under-match. */
  contains(expr: string, p: string): string;
  /** How rows of tables without a primary key are addressed. */
  noKey: "ctid" | "all-columns";
  /** For "all-columns": an exact, comparable image of a column (any type) for `image <=> p`. */
  image?(c: Column): string;
  /** NULL-safe equality of `a` and `b`. */
  same(a: string, b: string): string;
  /** How to name a temporary table of this session. */
  temp(name: string): string;
  /** CREATE TEMPORARY TABLE `temp` from `select` (no rows), keyed by `keys` where that helps the join. */
  createTemp(temp: string, keys: string[], select: string): string;
  dropTemp(temp: string): string;
  /** UPDATE `table` AS t from `temp` AS s ON `on`, setting `column` to s.v. */
  updateFrom(table: string, temp: string, column: string, on: string): string;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]{0,63}$/;

/** `name` between `quote`s, if it is a plain identifier; throws invalid "unsupported_identifier" otherwise. */
export function quoteIdent(name: string, quote: "`" | '"'): string {
  if (!IDENT.test(name)) {
    throw invalid("unsupported_identifier", `Cannot search-replace in "${name}": only names of letters, digits, "_" and "$" are supported. Rename it or exclude it.`);
  }
  return quote + name + quote;
}

/** One catalog row per column, grouped into tables (rows arrive ordered by table, then position). */
export interface CatalogRow {
  table: string;
  column: string;
  isText: boolean;
  /** 1-based position in the primary key, 0 when not part of it. */
  pkPos: number;
}

export function groupTables(rows: CatalogRow[], make: (r: CatalogRow) => { tableIdent: string; tableName: string; column: Column }): Table[] {
  const byName = new Map<string, Table & { pkAt: [number, Column][] }>();
  for (const r of rows) {
    const { tableIdent, tableName, column } = make(r);
    let t = byName.get(tableName);
    if (!t) byName.set(tableName, (t = { name: tableName, ident: tableIdent, pk: [], text: [], all: [], pkAt: [] }));
    t.all.push(column);
    if (r.pkPos > 0) t.pkAt.push([r.pkPos, column]);
    else if (r.isText) t.text.push(column);
  }
  return [...byName.values()].map(({ pkAt, ...t }) => ({ ...t, pk: pkAt.sort((a, b) => a[0] - b[0]).map(([, c]) => c) }));
}
