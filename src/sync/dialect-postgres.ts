// PostgreSQL for the search-replace pass: every user schema, text-like columns by their
// base type; json/jsonb are read as text and cast back on write. Rows of tables without a
// primary key are addressed by ctid. (A parameter cast straight to json would be
// JSON-encoded by the driver once more: it goes through text.)
import type { SQL } from "bun";
import { groupTables, quoteIdent, type CatalogRow, type Dialect } from "./dialect.ts";

const TEXT_TYPES = ["text", "varchar", "bpchar", "json", "jsonb"];

export const postgresDialect: Dialect = {
  engine: "postgres",
  noKey: "ctid",
  param: (n) => `$${n}`,
  contains: (expr, p) => `strpos(${expr}, ${p}) > 0`,
  same: (a, b) => `${a} IS NOT DISTINCT FROM ${b}`,
  // pg_temp: never confused with a table of the database, whatever its name.
  temp: (name) => `pg_temp.${quoteIdent(name, '"')}`,
  // No key: the planner picks index lookups into the table once it is large, a hash join while small.
  createTemp: (temp, _keys, select) => `CREATE TEMPORARY TABLE ${temp} AS ${select}`,
  dropTemp: (temp) => `DROP TABLE ${temp}`,
  updateFrom: (table, temp, column, on) => `UPDATE ${table} AS t SET ${column} = s.v FROM ${temp} AS s WHERE ${on}`,

  async tables(sql: SQL) {
    const rows: { s: string; t: string; c: string; type: string; generated: string; pk: unknown }[] = await sql.unsafe(
      `SELECT n.nspname AS s, c.relname AS t, a.attname AS c, ty.typname AS type, a.attgenerated AS generated,
              COALESCE(array_position(i.indkey::int2[], a.attnum) - array_lower(i.indkey::int2[], 1) + 1, 0) AS pk
         FROM pg_catalog.pg_class c
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
         LEFT JOIN pg_catalog.pg_index i ON i.indrelid = c.oid AND i.indisprimary
        WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
        ORDER BY n.nspname, c.relname, a.attnum`,
    );
    const catalog: (CatalogRow & { schema: string; type: string })[] = rows.map((r) => ({
      schema: String(r.s),
      table: `${r.s}.${r.t}`,
      column: String(r.c),
      type: String(r.type),
      isText: TEXT_TYPES.includes(String(r.type)) && r.generated === "",
      pkPos: Number(r.pk),
    }));
    return groupTables(catalog, (r) => {
      const row = r as (typeof catalog)[number];
      const tableOnly = row.table.slice(row.schema.length + 1);
      const ident = quoteIdent(row.column, '"');
      const json = row.type === "json" || row.type === "jsonb";
      return {
        tableName: row.schema === "public" ? tableOnly : row.table,
        tableIdent: `${quoteIdent(row.schema, '"')}.${quoteIdent(tableOnly, '"')}`,
        column: { name: row.column, ident, read: json ? `${ident}::text` : ident, write: (p) => (json ? `${p}::text::${row.type}` : p) },
      };
    });
  },
};
