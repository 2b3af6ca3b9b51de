import { afterEach, describe, expect, test } from "bun:test";
import { z } from "zod";
import { drivers, freshDatabase } from "../db/testing.ts";
import { Bus } from "../lib/events.ts";
import { log } from "../lib/log.ts";
import { createJobs, type Jobs } from "./index.ts";

const quiet = log.child({ test: true });
const waitFor = async (fn: () => Promise<boolean>, ms = 5000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await Bun.sleep(20);
  }
  throw new Error("timed out");
};

for (const driver of drivers) {
  describe(`jobs on ${driver}`, () => {
    let cleanup: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const c of cleanup) await c();
      cleanup = [];
    });

    async function setup(concurrency = 2): Promise<{ jobs: Jobs; bus: Bus; db: Awaited<ReturnType<typeof freshDatabase>> }> {
      const db = await freshDatabase(driver);
      const bus = new Bus();
      const jobs = createJobs(db.db, bus, quiet, { concurrency, testJobs: true });
      cleanup.push(async () => {
        await jobs.stop();
        await waitFor(async () => jobs.idle());
        await db.close();
      });
      return { jobs, bus, db };
    }

    test("a job runs through its steps, logs and ends succeeded", async () => {
      const { jobs, bus } = await setup();
      jobs.register({
        kind: "demo.steps",
        resumable: false,
        params: z.object({ name: z.string() }),
        target: (p) => p.name,
        async run(ctx, p) {
          await ctx.step("first", 50, async () => ctx.log(`hello ${p.name}`));
          await ctx.step("second", 90, async () => ctx.log("done"));
          return { ok: true };
        },
      });
      const updates: number[] = [];
      const job = await jobs.enqueue("demo.steps", { name: "blog" }, { createdBy: "alice" });
      bus.subscribe(`job:${job.id}`, (type, data) => type === "update" && updates.push((data as { progress: number }).progress));
      await waitFor(async () => (await jobs.get(job.id)).status === "succeeded");
      const done = await jobs.get(job.id);
      expect(done).toMatchObject({ target: "blog", progress: 100, createdBy: "alice", result: { ok: true } });
      const { lines } = await jobs.logs(job.id, 0);
      expect(lines.map((l) => l.text)).toEqual(["▶ first", "hello blog", "▶ second", "done"]);
      expect(lines.map((l) => l.seq)).toEqual([1, 2, 3, 4]);
      expect(updates.at(-1)).toBe(100);
    });

    test("bad params are refused before anything is stored", async () => {
      const { jobs } = await setup();
      await expect(jobs.enqueue("test.sleep", { seconds: "long" })).rejects.toMatchObject({ code: "invalid_job_params" });
      await expect(jobs.enqueue("nope", {})).rejects.toMatchObject({ code: "unknown_job_kind" });
      expect((await jobs.list({ limit: 10 })).items).toHaveLength(0);
    });

    test("a failing job records the error; cancel stops a running one", async () => {
      const { jobs } = await setup();
      const failing = await jobs.enqueue("test.sleep", { seconds: 5, failAt: 0.25 });
      const long = await jobs.enqueue("test.sleep", { seconds: 60 });
      await waitFor(async () => (await jobs.get(failing.id)).status === "failed");
      expect((await jobs.get(failing.id)).error).toContain("failing on purpose");
      await waitFor(async () => (await jobs.get(long.id)).status === "running");
      await jobs.cancel(long.id);
      await waitFor(async () => (await jobs.get(long.id)).status === "cancelled");
      await expect(jobs.cancel(long.id)).rejects.toMatchObject({ code: "job_not_cancellable" });
    });

    test("concurrency limit holds; queued jobs wait", async () => {
      const { jobs } = await setup(1);
      const a = await jobs.enqueue("test.sleep", { seconds: 60 });
      const b = await jobs.enqueue("test.sleep", { seconds: 1 });
      await waitFor(async () => (await jobs.get(a.id)).status === "running");
      await Bun.sleep(100);
      expect((await jobs.get(b.id)).status).toBe("queued");
      await jobs.cancel(b.id);
      expect((await jobs.get(b.id)).status).toBe("cancelled");
      await jobs.cancel(a.id);
    });

    test("recover: running jobs become interrupted, resumable ones run again", async () => {
      const { jobs, db } = await setup();
      const a = await jobs.enqueue("test.sleep", { seconds: 60 });
      const b = await jobs.enqueue("test.resumable-sleep", { seconds: 60 });
      await waitFor(async () => (await jobs.get(a.id)).status === "running" && (await jobs.get(b.id)).status === "running");
      // Simulate a crash: a second panel on the same database finds both "running".
      const restarted = createJobs(db.db, new Bus(), quiet, { concurrency: 2, testJobs: true });
      await jobs.stop();
      await waitFor(async () => jobs.idle());
      await db.raw.atomic([`UPDATE jobs SET status = 'running', error = NULL, finished_at = NULL`]);
      expect(await restarted.recover()).toEqual({ interrupted: 1, requeued: 1 });
      expect((await restarted.get(a.id)).status).toBe("interrupted");
      await waitFor(async () => (await restarted.get(b.id)).status === "running");
      expect((await restarted.get(b.id)).attempts).toBe(2);
      await restarted.stop();
      await waitFor(async () => restarted.idle());
    });
  });
}
