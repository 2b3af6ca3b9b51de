import type { z } from "zod";

export interface JobContext {
  readonly jobId: string;
  /** Aborted when the user cancels; long steps should pass it on or check it. */
  readonly signal: AbortSignal;
  readonly attempt: number;
  log(text: string, level?: "info" | "warn" | "error"): void;
  progress(percent: number, step?: string): void;
  /** Runs one named step, moving the bar to `untilPercent` when it finishes. */
  step<T>(label: string, untilPercent: number, fn: () => Promise<T>): Promise<T>;
}

export interface JobKind<P = unknown> {
  kind: string;
  /** Restarted from the beginning after a panel crash, instead of staying interrupted. */
  resumable: boolean;
  /**
   * May be started with POST /jobs. Most kinds may not: they are started by their domain's
   * routes, which check what the job acts on (e.g. who may deploy a privileged compose file).
   */
  direct?: boolean;
  params: z.ZodType<P>;
  /** Short description of what the job acts on, e.g. an app name; shown in lists. */
  target?(params: P): string | null;
  run(ctx: JobContext, params: P): Promise<unknown>;
}

export class JobCancelled extends Error {
  constructor() {
    super("cancelled by user");
  }
}
