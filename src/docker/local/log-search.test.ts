// containers.logs.search through the Target on the real engine: streaming with a limit, the
// newest-lines ring, the time budget, and patterns refused by the operation's own schema.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { dockerFixtures, dockerReady, eventually, testTargets } from "../testing.ts";
import type { LogSearchChunk } from "../../protocol/index.ts";
import type { Target } from "../index.ts";

const ready = await dockerReady();
const LINES = 100_000;

async function collect(it: AsyncIterable<LogSearchChunk>) {
  const lines: string[] = [];
  let done: Extract<LogSearchChunk, { done: unknown }>["done"] | undefined;
  for await (const c of it) {
    if ("line" in c) lines.push(c.line.text);
    else done = c.done;
  }
  return { lines, done: done! };
}

describe.skipIf(!ready)("containers.logs.search", () => {
  const fx = dockerFixtures("logsearch");
  let t: Target;
  let big: string;

  beforeAll(async () => {
    t = testTargets()[0]!.make();
    big = await fx.run("big", [], ["sh", "-c", `busybox seq 1 ${LINES}; exec sleep 600`]);
    await eventually(async () => {
      const r = await collect(t.stream("containers.logs.search", { id: big, query: `^${LINES}$`, regex: true, limit: 1 }));
      expect(r.lines).toEqual([String(LINES)]);
    }, 60_000);
  }, 90_000);
  afterAll(() => fx.cleanup(), 60_000);

  test("oldest first with a limit: stops at the limit and says so", async () => {
    const r = await collect(t.stream("containers.logs.search", { id: big, query: "77", newest: false, limit: 3, budgetMs: 60_000 }));
    expect(r.lines).toEqual(["77", "177", "277"]);
    expect(r.done).toMatchObject({ limited: true, timedOut: false });
    expect(r.done.scanned).toBeLessThan(1000); // it stopped reading, it did not scan the rest
  });

  test("newest: the last matches, from the end of the log when it holds enough", async () => {
    const r = await collect(t.stream("containers.logs.search", { id: big, query: "^999\\d\\d$", regex: true, limit: 2 }));
    expect(r.lines).toEqual(["99998", "99999"]);
    // Only the last 20,000 lines were read: they held more matches than the limit.
    expect(r.done).toEqual({ scanned: 20_000, matched: 100, limited: true, timedOut: false });
  }, 30_000);

  test("newest: the whole log is read when its end holds too few", async () => {
    const r = await collect(t.stream("containers.logs.search", { id: big, query: "^1\\d{4}$", regex: true, limit: 2, budgetMs: 60_000 }));
    expect(r.lines).toEqual(["19998", "19999"]);
    expect(r.done).toEqual({ scanned: 20_000 + LINES, matched: 10_000, limited: true, timedOut: false });
  }, 60_000);

  test("the time budget stops a long search and reports it", async () => {
    const r = await collect(t.stream("containers.logs.search", { id: big, query: "no such line", budgetMs: 100 }));
    expect(r.lines).toEqual([]);
    expect(r.done.timedOut).toBe(true);
    expect(r.done.scanned).toBeLessThan(LINES);
  }, 30_000);

  test("bad patterns are refused by the operation itself (what an agent would get)", async () => {
    const bad = async (args: Record<string, unknown>) => {
      try {
        await collect(t.stream("containers.logs.search", { id: big, ...args }));
      } catch (err) {
        return err as { code: string; message: string; kind: string };
      }
      throw new Error("accepted");
    };
    expect(await bad({ query: "(", regex: true })).toMatchObject({ kind: "invalid", message: expect.stringContaining("missing )") });
    expect(await bad({ query: "(x+)+y", regex: true })).toMatchObject({ kind: "invalid", message: expect.stringContaining("Nested quantifiers") });
    expect(await bad({ query: "x".repeat(300) })).toMatchObject({ kind: "invalid" });
  });
});
