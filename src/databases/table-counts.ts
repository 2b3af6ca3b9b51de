// Tables and their row counts, for restore drills: a restored copy is checked against what was
// there when the backup was taken. Table names come from the server's catalogue and must pass
// assertTableName before they are put in a query (others are listed without a count).
import { withClient } from "./engines/client.ts";
import { assertTableName } from "./engines/common.ts";
import type { Conn, EngineId } from "./engines/types.ts";
import { assertDbName } from "./names.ts";

export async function tableCounts(engine: EngineId, conn: Conn, database: string): Promise<Record<string, number | null>> {
  const db = assertDbName("database", database);
  const adapter = engine === "postgres" ? "postgres" : "mariadb";
  return withClient(adapter, { ...conn, database: db }, () => undefined, async (sql) => {
    const names: string[] =
      engine === "postgres"
        ? (await sql`SELECT tablename AS t FROM pg_catalog.pg_tables WHERE schemaname = 'public' ORDER BY 1`).map((r: { t: string }) => r.t)
        : (await sql`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ${db} AND table_type = 'BASE TABLE' ORDER BY 1`).map((r: { t: string }) => String(r.t));
    const out: Record<string, number | null> = {};
    for (const name of names) {
      let ok = true;
      try {
        assertTableName(name);
      } catch {
        ok = false;
      }
      if (!ok) {
        out[name] = null;
        continue;
      }
      const q = engine === "postgres" ? `SELECT count(*) AS n FROM public."${name}"` : `SELECT count(*) AS n FROM \`${name}\``;
      out[name] = Number((await sql.unsafe(q))[0].n);
    }
    return out;
  });
}
