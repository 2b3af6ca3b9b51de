// Job kinds that exist only when the config turns on `testJobs`: they let the end-to-end suite
// hold a job in "running" (to kill the panel under it, or cancel it) without any real side effect.
import { z } from "zod";
import type { JobKind } from "./types.ts";

const sleepParams = z.object({ seconds: z.number().min(0).max(3600).default(30), failAt: z.number().optional() });
type SleepParams = z.infer<typeof sleepParams>;

function sleepKind(kind: string, resumable: boolean): JobKind<SleepParams> {
  return {
    kind,
    resumable,
    direct: true,
    params: sleepParams,
    target: (p) => `${p.seconds}s`,
    async run(ctx, p) {
      const ticks = Math.max(1, Math.round(p.seconds * 4));
      for (let i = 1; i <= ticks; i++) {
        if (ctx.signal.aborted) throw ctx.signal.reason;
        await new Promise((r) => setTimeout(r, 250));
        if (p.failAt !== undefined && i / 4 >= p.failAt) throw new Error(`failing on purpose at ${p.failAt}s`);
        if (i % 4 === 0) ctx.log(`tick ${i / 4}/${p.seconds}`);
        ctx.progress((i / ticks) * 100, `waiting (${Math.round(i / 4)}s of ${p.seconds}s)`);
      }
      return { slept: p.seconds, attempt: ctx.attempt };
    },
  };
}

export const testKinds = [sleepKind("test.sleep", false), sleepKind("test.resumable-sleep", true)];
