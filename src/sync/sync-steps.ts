// Pieces the sync, its dry run and its revert share: loading a run's two environments and
// databases, timing steps into the report, and the transforms (the same calls write into
// staging during a sync and only count on the source during a dry run).
import { tableCounts } from "../databases/table-counts.ts";
import type { JobContext } from "../jobs/index.ts";
import { notFound } from "../lib/errors.ts";
import { anonymizeUsers } from "./anonymize.ts";
import type { SyncRunRow, SyncRunsRepo } from "./runs-repo.ts";
import { searchReplace, type DbTarget } from "./search-replace.ts";
import { checkEngines, planSync, type SyncPlan } from "./sync-plan.ts";
import type { SyncDatabase, SyncDeps, SyncEnvironment, SyncReport, SyncStep } from "./sync-types.ts";
import { truncateTables } from "./truncate.ts";
import { setWordPressUrls } from "./wp-urls.ts";

export interface JobDeps extends SyncDeps {
  repo: SyncRunsRepo;
}

export interface Loaded {
  run: SyncRunRow;
  from: SyncEnvironment;
  to: SyncEnvironment;
  src: SyncDatabase;
  dst: SyncDatabase;
  plan: SyncPlan;
}

export async function loadRun(d: JobDeps, runId: number): Promise<Loaded> {
  const run = await d.repo.get(runId);
  if (!run) throw notFound("sync_run_not_found", "No such sync run.");
  const from = await d.projects.environment(run.sourceEnvId);
  const to = await d.projects.environment(run.targetEnvId);
  const [src, dst] = await Promise.all([d.appDatabase(from.appId), d.appDatabase(to.appId)]);
  checkEngines(from, src, to, dst);
  return { run, from, to, src, dst, plan: planSync(from, to) };
}

export const dbTarget = (db: SyncDatabase, database = db.database): DbTarget => ({ engine: db.dialect, conn: { ...db.conn, database } });

/** A report being filled step by step; `step` runs one through the job context and times it. */
export function reportBuilder(ctx: JobContext) {
  const started = performance.now();
  const report: SyncReport = { steps: [], searchReplace: null, truncated: [], anonymized: null, wordpressUrl: null, totalMs: 0 };
  async function step<T>(name: string, untilPercent: number, fn: () => Promise<T>, describe?: (v: T) => Omit<SyncStep, "name" | "ms">): Promise<T> {
    const t = performance.now();
    const value = await ctx.step(name, untilPercent, fn);
    const s: SyncStep = { name, ms: Math.round(performance.now() - t), ...describe?.(value) };
    report.steps.push(s);
    ctx.log(`✓ ${name}: ${(s.ms / 1000).toFixed(2)} s${s.rows !== undefined ? `, ${s.rows} rows` : ""}${s.detail ? ` (${s.detail})` : ""}`);
    return value;
  }
  const finish = () => ((report.totalMs = Math.round(performance.now() - started)), report);
  return { report, step, finish };
}

export async function countRows(db: SyncDatabase, database = db.database): Promise<{ counts: Record<string, number | null>; rows: number; tables: number }> {
  const counts = await tableCounts(db.engine, db.conn, database);
  const values = Object.values(counts);
  return { counts, rows: values.reduce<number>((a, n) => a + (n ?? 0), 0), tables: values.length };
}

/**
 * Search-replace, truncate, anonymize and the WordPress URLs on `t`, in that order, filling the
 * report. `dryRun`: the same passes count what they would do and write nothing.
 */
export async function transform(ctx: JobContext, b: ReturnType<typeof reportBuilder>, t: DbTarget, plan: SyncPlan, dryRun: boolean, pct: [number, number]): Promise<void> {
  const log = (line: string) => ctx.log(line);
  const at = (i: number) => Math.round(pct[0] + ((pct[1] - pct[0]) * i) / 4);
  const verb = dryRun ? "would be " : "";
  if (plan.pairs.length) {
    const r = await b.step("Search and replace", at(1), () => searchReplace(t, { pairs: plan.pairs, dryRun, log }), (r) => ({ rows: r.changed, detail: `${r.matched} rows matched in ${r.tables.length} tables, ${r.changed} ${verb}changed` }));
    b.report.searchReplace = r;
  }
  if (plan.truncateTables.length) {
    const r = await b.step("Emptying tables", at(2), () => truncateTables(t, plan.truncateTables, { dryRun, log }), (r) => ({ rows: r.reduce((a, x) => a + x.rows, 0), detail: `${r.length} tables ${verb}emptied` }));
    b.report.truncated = r;
  }
  if (plan.anonymizeUsers) {
    const r = await b.step("Anonymizing users", at(3), () => anonymizeUsers(t, { keep: plan.keepUsers, dryRun, log }), (r) => ({ rows: r.users, detail: `${r.users} users ${verb}anonymized, ${r.kept} kept` }));
    b.report.anonymized = r;
  }
  if (plan.wordpressUrl) {
    const url = plan.wordpressUrl;
    const r = await b.step("WordPress site URL", at(4), () => setWordPressUrls(t, url, { dryRun, log }), (r) => ({ detail: urlDetail(r, url, verb) }));
    if (r) b.report.wordpressUrl = url;
  }
}

/** The step runs after search-replace, so what it found is what the pairs left, not the source's values. */
function urlDetail(r: { before: { siteurl: string | null; home: string | null } } | null, url: string, verb: string): string {
  if (!r) return "not a WordPress database";
  if (r.before.siteurl === url && r.before.home === url) return `siteurl and home are ${url} (search-replace had already set them)`;
  return `siteurl and home ${verb}set to ${url} (after search-replace they were ${r.before.siteurl}, ${r.before.home})`;
}
