// Scheduled syncs: one croner timer per environment whose db_sync has a schedule, re-armed
// whenever projects change. A timer only enqueues a sync (trigger "schedule"); the service
// skips it when a sync into that environment is still queued or running.
import { Cron } from "croner";
import type { Logger } from "../lib/log.ts";
import type { SyncProjects } from "./sync-types.ts";

/** When `expr` fires next (null when it never will or does not parse). */
export function nextRun(expr: string): Date | null {
  try {
    const c = new Cron(expr, { paused: true });
    const at = c.nextRun();
    c.stop();
    return at;
  } catch {
    return null;
  }
}

export class SyncScheduler {
  private timers = new Map<number, { expr: string; cron: Cron }>();
  private arming: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly projects: SyncProjects,
    private readonly fire: (environmentId: number) => Promise<unknown>,
    private readonly log: Logger,
  ) {}

  /** Arms a timer per scheduled environment, now and after every change to projects. */
  start(): Promise<void> {
    this.stopped = false;
    this.projects.onChange(() => void this.rearm());
    return this.rearm();
  }

  /** Re-reads the schedules; calls are serialized so a burst of changes ends in the last state. */
  rearm(): Promise<void> {
    this.arming = this.arming.then(() => this.arm()).catch((err) => this.log.error("could not arm sync schedules", { err }));
    return this.arming;
  }

  nextAt(environmentId: number): Date | null {
    return this.timers.get(environmentId)?.cron.nextRun() ?? null;
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) t.cron.stop();
    this.timers.clear();
  }

  private async arm(): Promise<void> {
    if (this.stopped) return;
    const wanted = new Map((await this.projects.scheduled()).map((s) => [s.environmentId, s.schedule]));
    for (const [id, t] of this.timers) {
      if (wanted.get(id) !== t.expr) {
        t.cron.stop();
        this.timers.delete(id);
      }
    }
    for (const [id, expr] of wanted) {
      if (this.timers.has(id)) continue;
      try {
        const cron = new Cron(expr, { protect: true }, () => void this.fire(id).catch((err) => this.log.error("scheduled sync could not start", { environmentId: id, err })));
        this.timers.set(id, { expr, cron });
      } catch (err) {
        // Saved rules are checked; a bad expression here came from an older file: skip it, say so.
        this.log.warn("sync schedule does not parse", { environmentId: id, schedule: expr, err });
      }
    }
  }
}
