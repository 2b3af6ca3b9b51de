// Runs persisted jobs with a concurrency limit. Every state change is written before it is
// announced, so what the UI shows is what a restarted panel will find.
import type { Bus } from "../lib/events.ts";
import { invalid, notFound } from "../lib/errors.ts";
import { sortableId } from "../lib/ids.ts";
import type { Logger } from "../lib/log.ts";
import type { JobRow, JobsRepo } from "./repo.ts";
import { toPublicJob } from "./public.ts";
import { JobCancelled, type JobContext, type JobKind } from "./types.ts";

export interface EnqueueOptions {
  createdBy?: string | null;
  serverId?: string;
  /** What the job acts on, e.g. "app:blog"; lists and filters use it. */
  target?: string;
}

interface Running {
  abort: AbortController;
}

export class JobRunner {
  private kinds = new Map<string, JobKind<any>>();
  private running = new Map<string, Running>();
  private queue: string[] = [];
  private stopped = false;

  constructor(
    private readonly repo: JobsRepo,
    private readonly bus: Bus,
    private readonly log: Logger,
    private readonly concurrency: number,
  ) {}

  register<P>(kind: JobKind<P>): void {
    this.kinds.set(kind.kind, kind as JobKind<any>);
  }

  kindNames = () => [...this.kinds.keys()];

  /** Whether POST /jobs may start this kind (see JobKind.direct). */
  isDirect = (kind: string) => this.kinds.get(kind)?.direct === true;

  async enqueue(kindName: string, rawParams: unknown, opts: EnqueueOptions = {}): Promise<JobRow> {
    const kind = this.kinds.get(kindName);
    if (!kind) throw invalid("unknown_job_kind", `There is no job kind "${kindName}".`);
    const parsed = kind.params.safeParse(rawParams ?? {});
    if (!parsed.success) throw invalid("invalid_job_params", "The job parameters are not valid.", parsed.error.issues);
    const row = await this.repo.insert({
      id: sortableId(),
      kind: kindName,
      serverId: opts.serverId ?? "local",
      target: opts.target ?? kind.target?.(parsed.data) ?? null,
      params: JSON.stringify(parsed.data),
      createdBy: opts.createdBy ?? null,
    });
    this.announce(row);
    this.queue.push(row.id);
    this.pump();
    return row;
  }

  /** At start: jobs that were running when the panel died are interrupted, resumable ones go again. */
  async recover(): Promise<{ interrupted: number; requeued: number }> {
    let interrupted = 0;
    let requeued = 0;
    for (const job of await this.repo.byStatus(["running"])) {
      const kind = this.kinds.get(job.kind);
      await this.writeLog(job.id, (await this.repo.lastSeq(job.id)) + 1, "warn", "The panel stopped while this job was running.");
      if (kind?.resumable) {
        await this.repo.transition(job.id, ["running"], { status: "queued", step: "Waiting to resume", startedAt: null });
        requeued++;
      } else {
        await this.repo.transition(job.id, ["running"], { status: "interrupted", error: "The panel stopped while this job was running.", finishedAt: Date.now() });
        interrupted++;
      }
    }
    for (const job of await this.repo.byStatus(["queued"])) this.queue.push(job.id);
    this.pump();
    return { interrupted, requeued };
  }

  async cancel(id: string): Promise<JobRow> {
    const job = await this.repo.get(id);
    if (!job) throw notFound("job_not_found", "No such job.");
    if (job.status === "queued") {
      const row = await this.repo.transition(id, ["queued"], { status: "cancelled", finishedAt: Date.now(), error: "cancelled by user" });
      this.queue = this.queue.filter((q) => q !== id);
      if (row) {
        this.announce(row);
        return row;
      }
    }
    const running = this.running.get(id);
    if (running) {
      running.abort.abort(new JobCancelled());
      return (await this.repo.get(id))!;
    }
    throw invalid("job_not_cancellable", `The job is ${job.status}; only queued or running jobs can be cancelled.`);
  }

  /** Shutdown: stops taking work; running jobs end as interrupted (or wait to resume). Resolves when they have. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopped = true;
    for (const r of this.running.values()) r.abort.abort(new Error("panel shutting down"));
    const deadline = Date.now() + timeoutMs;
    while (this.running.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  idle = () => this.running.size === 0 && this.queue.length === 0;

  private pump(): void {
    while (!this.stopped && this.running.size < this.concurrency && this.queue.length > 0) {
      const id = this.queue.shift()!;
      const abort = new AbortController();
      this.running.set(id, { abort });
      this.execute(id, abort).finally(() => {
        this.running.delete(id);
        this.pump();
      });
    }
  }

  private async execute(id: string, abort: AbortController): Promise<void> {
    const claimed = await this.repo.transition(id, ["queued"], { status: "running", startedAt: Date.now(), progress: 0, error: null });
    if (!claimed) return; // cancelled meanwhile
    const kind = this.kinds.get(claimed.kind);
    const row = await this.repo.update(id, { attempts: claimed.attempts + 1 });
    this.announce(row!);
    if (!kind) {
      await this.finish(id, "failed", { error: `This panel does not know job kind "${claimed.kind}".` });
      return;
    }
    const ctx = await this.context(row!, abort.signal);
    try {
      const result = await kind.run(ctx, kind.params.parse(JSON.parse(claimed.params)));
      await ctx.flush();
      await this.finish(id, "succeeded", { progress: 100, result: result === undefined ? null : JSON.stringify(result) });
    } catch (err) {
      if (this.stopped) {
        // Panel shutting down: the job did not fail and the user did not cancel it.
        ctx.log("The panel is shutting down.", "warn");
        await ctx.flush();
        const patch = kind.resumable
          ? { status: "queued" as const, step: "Waiting to resume", startedAt: null }
          : { status: "interrupted" as const, error: "The panel stopped while this job was running.", finishedAt: Date.now() };
        const row = await this.repo.transition(id, ["running"], patch);
        if (row) this.announce(row);
        return;
      }
      const cancelled = abort.signal.aborted;
      const message = cancelled ? "cancelled by user" : err instanceof Error ? err.message : String(err);
      ctx.log(cancelled ? "Cancelled." : `Failed: ${message}`, cancelled ? "warn" : "error");
      await ctx.flush();
      if (!cancelled) this.log.warn("job failed", { jobId: id, kind: claimed.kind, err });
      await this.finish(id, cancelled ? "cancelled" : "failed", { error: message });
    }
  }

  private async finish(id: string, status: "succeeded" | "failed" | "cancelled", patch: Partial<JobRow>): Promise<void> {
    const row = await this.repo.transition(id, ["running"], { ...patch, status, finishedAt: Date.now() });
    if (row) this.announce(row);
  }

  private async context(job: JobRow, signal: AbortSignal): Promise<JobContext & { flush(): Promise<void> }> {
    let seq = await this.repo.lastSeq(job.id);
    let writes: Promise<void> = Promise.resolve();
    let lastProgress = { percent: job.progress, step: job.step };
    const ctx = {
      jobId: job.id,
      signal,
      attempt: job.attempts,
      log: (text: string, level: "info" | "warn" | "error" = "info") => {
        const s = ++seq;
        writes = writes.then(() => this.writeLog(job.id, s, level, text));
      },
      progress: (percent: number, step?: string) => {
        lastProgress = { percent: Math.max(0, Math.min(100, Math.round(percent))), step: step ?? lastProgress.step };
        const snapshot = lastProgress;
        writes = writes.then(async () => {
          const row = await this.repo.transition(job.id, ["running"], { progress: snapshot.percent, step: snapshot.step });
          if (row) this.announce(row);
        });
      },
      step: async <T>(label: string, untilPercent: number, fn: () => Promise<T>) => {
        if (signal.aborted) throw new JobCancelled();
        ctx.progress(lastProgress.percent, label);
        ctx.log(`▶ ${label}`);
        const value = await fn();
        ctx.progress(untilPercent);
        return value;
      },
      flush: () => writes.catch((err) => this.log.error("job log write failed", { err, jobId: job.id })),
    };
    return ctx;
  }

  private async writeLog(jobId: string, seq: number, level: "info" | "warn" | "error", text: string): Promise<void> {
    const at = Date.now();
    await this.repo.appendLog({ jobId, seq, at, level, text });
    this.bus.publish(`job:${jobId}`, "log", { seq, at: new Date(at).toISOString(), level, text });
  }

  private announce(row: JobRow): void {
    const job = toPublicJob(row);
    this.bus.publish(`job:${row.id}`, "update", job);
    this.bus.publish("jobs", "update", job);
  }
}
