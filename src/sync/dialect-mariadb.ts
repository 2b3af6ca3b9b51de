// MariaDB/MySQL for the search-replace pass. Text is read through CAST(... AS CHAR) so that
// the driver hands back the stored text as is (it would parse JSON columns into objects).
import type { SQL } from "bun";
import { groupTables, quoteIdent, type CatalogRow, type Dialect } from "./dialect.ts";

// ENUM and SET are left out: a replaced value would not be one of the allowed ones.
const TEXT_TYPES = ["char", "varchar", "tinytext", "text", "mediumtext", "longtext", "json"];

export const mariadbDialect: Dialect = {
  engine: "mariadb",
  noKey: "all-columns",
  param: () => "?",
  contains: (expr, p) => `INSTR(${expr}, ${p}) > 0`,
  same: (a, b) => `${a} <=> ${b}`,
  temp: (name) => quoteIdent(name, "`"),
  // Keyed, or the optimizer may scan the table once per batch instead of looking rows up.
  createTemp: (temp, keys, select) => `CREATE TEMPORARY TABLE ${temp} (PRIMARY KEY (${keys.join(", ")})) ${select}`,
  // TEMPORARY: never a real table, and no implicit commit in the middle of the table's transaction.
  dropTemp: (temp) => `DROP TEMPORARY TABLE ${temp}`,
  updateFrom: (table, temp, column, on) => `UPDATE ${table} AS t JOIN ${temp} AS s ON ${on} SET t.${column} = s.v`,
  // The bytes as stored, in hex: exact for every type (floats and dates included), unlike
  // comparing with a value that went through the driver and back.
  image: (c) => `HEX(CAST(${c.ident} AS BINARY))`,

  async tables(sql: SQL) {
    const rows: { t: string; c: string; type: string; charset: string | null; extra: string; pk: unknown }[] = await sql.unsafe(
      `SELECT c.TABLE_NAME AS t, c.COLUMN_NAME AS c, LOWER(c.DATA_TYPE) AS type, c.CHARACTER_SET_NAME AS charset, c.EXTRA AS extra,
              COALESCE((SELECT s.SEQ_IN_INDEX FROM information_schema.STATISTICS s
                         WHERE s.TABLE_SCHEMA = c.TABLE_SCHEMA AND s.TABLE_NAME = c.TABLE_NAME AND s.COLUMN_NAME = c.COLUMN_NAME AND s.INDEX_NAME = 'PRIMARY'), 0) AS pk
         FROM information_schema.COLUMNS c
         JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
        WHERE c.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE'
        ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`,
    );
    const catalog: CatalogRow[] = rows.map((r) => ({
      table: String(r.t),
      column: String(r.c),
      // binary/varbinary/blob have no character set; generated columns cannot be written
      // (EXTRA rather than IS_GENERATED, which MySQL lacks).
      isText: TEXT_TYPES.includes(r.type) && r.charset !== null && r.charset !== "binary" && !/GENERATED|PERSISTENT/i.test(String(r.extra)),
      pkPos: Number(r.pk),
    }));
    return groupTables(catalog, (r) => {
      const ident = quoteIdent(r.column, "`");
      return {
        tableName: r.table,
        tableIdent: quoteIdent(r.table, "`"),
        column: { name: r.column, ident, read: r.isText ? `CAST(${ident} AS CHAR CHARACTER SET utf8mb4)` : ident, write: (p) => p },
      };
    });
  },
};
