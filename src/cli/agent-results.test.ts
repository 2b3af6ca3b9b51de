// The agent's store of answers by command id: a repeated id never runs twice, a run still going
// is shared, and memory stays bounded without ever forgetting a run in progress.
import { expect, test } from "bun:test";
import { PROTOCOL_VERSION, type Response } from "../protocol/index.ts";
import { ResultStore } from "./agent-results.ts";

const ok = (id: string, result: unknown): Response => ({ v: PROTOCOL_VERSION, id, ok: true, result });

test("a repeated id gets the first run's answer, also while that run is still going", async () => {
  const store = new ResultStore();
  let runs = 0;
  let finish!: () => void;
  const run = () => {
    runs++;
    return new Promise<Response>((r) => (finish = () => r(ok("a", runs))));
  };
  const first = store.answer("a", run);
  const again = store.answer("a", run);
  expect(first.repeated).toBe(false);
  expect(again.repeated).toBe(true);
  finish();
  expect(await again.answer).toEqual(ok("a", 1));
  expect(await store.answer("a", run).answer).toEqual(ok("a", 1));
  expect(runs).toBe(1);
});

test("finished answers expire and are bounded; runs in progress are never dropped", async () => {
  let now = 0;
  const store = new ResultStore(1000, 3, () => now);
  const never = store.answer("slow", () => new Promise<Response>(() => undefined));
  for (const id of ["a", "b", "c", "d", "e"]) await store.answer(id, async () => ok(id, id)).answer;
  // At most 3 finished answers beside the one still running; the oldest went first.
  expect(store.size).toBeLessThanOrEqual(4);
  expect(store.answer("a", async () => ok("a", "second run")).repeated).toBe(false);
  expect(store.answer("slow", async () => ok("slow", "second run")).answer).toBe(never.answer);

  now += 5000; // everything finished is now older than keepMs
  store.answer("f", async () => ok("f", "f"));
  expect(store.answer("e", async () => ok("e", "again")).repeated).toBe(false);
  expect(store.answer("slow", async () => ok("slow", "again")).repeated).toBe(true);
});
