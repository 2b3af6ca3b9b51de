// A dry run of a sync: what it would do, worked out on the SOURCE alone, which is only read
// (search-replace, truncate, anonymize and the WordPress URLs all run in their counting mode).
// Nothing is created or written anywhere, not even a staging database on the target.
import type { JobContext } from "../jobs/index.ts";
import { countRows, dbTarget, reportBuilder, transform, type Loaded } from "./sync-steps.ts";
import type { SyncReport } from "./sync-types.ts";
import { matchTables } from "./table-patterns.ts";

export async function runDryRun(ctx: JobContext, { from, to, src, dst, plan }: Loaded): Promise<SyncReport> {
  const b = reportBuilder(ctx);
  ctx.log(`Dry run of a sync from ${from.name} (${src.label}) into ${to.name} (${dst.label}): nothing is written.`);
  const source = await b.step("Reading the source", 10, () => countRows(src), (r) => ({ rows: r.rows, detail: `${r.tables} tables` }));
  const excluded = matchTables(Object.keys(source.counts), plan.excludeTables);
  if (excluded.length) {
    const rows = excluded.reduce((a, t) => a + (source.counts[t] ?? 0), 0);
    b.report.steps.push({ name: "Tables copied without their rows", ms: 0, rows, detail: excluded.join(", ") });
    ctx.log(`Would copy without their rows: ${excluded.map((t) => `${t} (${source.counts[t] ?? "?"} rows)`).join(", ")}`);
  }
  await transform(ctx, b, dbTarget(src), plan, true, [10, 95]);
  const report = b.finish();
  ctx.log(`Dry run done in ${(report.totalMs / 1000).toFixed(2)} s: nothing was written.`);
  return report;
}
