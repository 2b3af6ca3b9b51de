// Jobs: persisted long operations with progress, a log and a final state.
import type { Db } from "../db/index.ts";
import type { Bus } from "../lib/events.ts";
import { invalid, notFound } from "../lib/errors.ts";
import { iso } from "../lib/time.ts";
import type { Logger } from "../lib/log.ts";
import { toPublicJob } from "./public.ts";
import { JobsRepo, type JobFilter } from "./repo.ts";
import { JobRunner, type EnqueueOptions } from "./runner.ts";
import { testKinds } from "./test-kinds.ts";

export interface JobsOptions {
  concurrency: number;
  testJobs: boolean;
}

export function createJobs(db: Db, bus: Bus, log: Logger, opts: JobsOptions) {
  const repo = new JobsRepo(db);
  const runner = new JobRunner(repo, bus, log, opts.concurrency);
  if (opts.testJobs) for (const k of testKinds) runner.register(k);
  const get = async (id: string) => {
    const row = await repo.get(id);
    if (!row) throw notFound("job_not_found", "No such job.");
    return toPublicJob(row);
  };
  return {
    register: runner.register.bind(runner),
    kinds: runner.kindNames,
    recover: () => runner.recover(),
    stop: () => runner.stop(),
    idle: runner.idle,
    enqueue: async (kind: string, params: unknown, opts2: EnqueueOptions = {}) =>
      toPublicJob(await runner.enqueue(kind, params, opts2)),
    /** For POST /jobs: only kinds marked `direct`; everything else goes through its own routes. */
    async enqueueDirect(kind: string, params: unknown, opts2: { createdBy?: string | null } = {}) {
      if (!runner.isDirect(kind)) throw invalid("unknown_job_kind", `There is no job kind "${kind}" that can be started directly.`);
      return toPublicJob(await runner.enqueue(kind, params, opts2));
    },
    cancel: async (id: string) => toPublicJob(await runner.cancel(id)),
    get,
    async list(f: JobFilter) {
      const rows = await repo.list(f);
      return { items: rows.map(toPublicJob), nextBefore: rows.length === f.limit ? rows[rows.length - 1]!.id : null };
    },
    async logs(id: string, after: number, limit = 1000) {
      await get(id);
      const rows = await repo.logs(id, after, limit);
      return { lines: rows.map((r) => ({ seq: r.seq, at: iso(r.at)!, level: r.level, text: r.text })) };
    },
  };
}

export type Jobs = ReturnType<typeof createJobs>;
export type { JobContext, JobKind } from "./types.ts";
export type { PublicJob } from "./public.ts";
