// The search-replace pass over a whole database (step 3 of a sync, and
// `serverkit db search-replace`): every base table with text columns, each in its own
// transaction so that a failure leaves that table exactly as it was.
import type { SQL } from "bun";
import { withClient } from "../databases/engines/client.ts";
import type { Conn } from "../databases/engines/index.ts";
import { mariadbDialect } from "./dialect-mariadb.ts";
import { postgresDialect } from "./dialect-postgres.ts";
import type { Dialect } from "./dialect.ts";
import { summaryLine, tableLine, type SearchReplaceReport } from "./report.ts";
import { compileRules, type SearchReplacePair } from "./rules.ts";
import { passTable } from "./table-pass.ts";

export interface DbTarget {
  engine: "mariadb" | "postgres";
  conn: Conn & { database: string };
}

export interface SearchReplaceOptions {
  pairs: readonly SearchReplacePair[];
  /** Count and sample, write nothing. */
  dryRun?: boolean;
  /** Rows read per query (default 2000). */
  batchSize?: number;
  /** Before/after samples kept per column (default 3). */
  samples?: number;
  /** One line per table and a summary: a job's ctx.log, or the CLI's output. */
  log?: (line: string) => void;
}

const DIALECTS: Record<DbTarget["engine"], Dialect> = { mariadb: mariadbDialect, postgres: postgresDialect };

export async function searchReplace(target: DbTarget, opts: SearchReplaceOptions): Promise<SearchReplaceReport> {
  const needles = compileRules(opts.pairs);
  const d = DIALECTS[target.engine];
  const dryRun = opts.dryRun ?? false;
  const pass = { needles, dryRun, batchSize: opts.batchSize ?? 2000, samples: opts.samples ?? 3 };
  const log = opts.log ?? (() => {});
  const started = performance.now();
  return withClient(target.engine, target.conn, () => undefined, async (sql) => {
    await prepareSession(sql, d);
    const tables = await d.tables(sql);
    const report: SearchReplaceReport = { dryRun, tables: [], tablesWithoutText: 0, matched: 0, changed: 0, skipped: 0, ms: 0 };
    for (const t of tables) {
      if (t.text.length === 0) {
        report.tablesWithoutText++;
        continue;
      }
      let r;
      try {
        r = dryRun ? await passTable(sql, d, t, pass) : await sql.begin((tx) => passTable(tx, d, t, pass));
      } catch (e) {
        log(`${t.name}: failed, nothing in it was changed: ${(e as Error).message}`);
        throw e;
      }
      report.tables.push(r);
      report.matched += r.matched;
      report.changed += r.changed;
      report.skipped += r.skipped;
      log(tableLine(r, dryRun));
    }
    report.ms = Math.round(performance.now() - started);
    log(summaryLine(report));
    return report;
  });
}

async function prepareSession(sql: SQL, d: Dialect): Promise<void> {
  if (d.engine !== "mariadb") return;
  // Text goes both ways as UTF-8, and a value too long for its column is an error, never
  // silently cut short (a server may run without strict mode).
  await sql.unsafe("SET NAMES utf8mb4");
  await sql.unsafe("SET SESSION sql_mode = CONCAT_WS(',', @@SESSION.sql_mode, 'STRICT_ALL_TABLES')");
}
