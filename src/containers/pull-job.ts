// The images.pull job: streams the pull from the server, turns layer progress into the job's
// bar and status changes into its log. Cancelling aborts the stream, which stops the pull.
import { z } from "zod";
import type { JobKind } from "../jobs/index.ts";
import { pullReference } from "./image-ref.ts";
import { PullProgress } from "./pull-progress.ts";
import { SERVER_ID, type TargetOf } from "./types.ts";

const params = z.object({ server: z.string().regex(SERVER_ID).default("local"), image: pullReference });
type PullParams = z.infer<typeof params>;

export function pullImageKind(targetOf: TargetOf): JobKind<PullParams> {
  return {
    kind: "images.pull",
    resumable: false,
    params,
    target: (p) => `image:${p.image}`,
    async run(ctx, p) {
      const target = await targetOf(p.server);
      const progress = new PullProgress();
      ctx.log(`Pulling ${p.image} on server ${p.server}`);
      ctx.progress(0, progress.step);
      let shown = { percent: 0, step: progress.step };
      let last: string | null = null;
      try {
        for await (const chunk of target.stream("images.pull", { image: p.image }, ctx.signal)) {
          const line = progress.apply(chunk);
          if (line) ctx.log((last = line));
          // Every call is a database write; only a visible change is worth one.
          const now = { percent: progress.percent, step: progress.step };
          if (now.percent !== shown.percent || now.step !== shown.step) ctx.progress(now.percent, now.step), (shown = now);
        }
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        throw new Error(`Could not pull ${p.image}: ${(err as Error).message}`);
      }
      // An aborted stream ends quietly; the runner must still see the cancel.
      if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error("cancelled");
      return { image: p.image, status: last };
    },
  };
}
