import { expect, test } from "bun:test";
import { log } from "../lib/log.ts";
import type { ServerLoad } from "../protocol/index.ts";
import { LoadWatch } from "./load-watch.ts";

const sample = (cpu: number): ServerLoad => ({
  at: new Date().toISOString(),
  cpuPercent: cpu,
  memory: { usedBytes: 1, totalBytes: 2 },
  disk: { usedBytes: 1, totalBytes: 2 },
  network: { rxBytesPerSec: 0, txBytesPerSec: 0 },
  load: [0, 0, 0],
});

test("polls only while watched, shares one poller, replays recent history to a new viewer", async () => {
  let calls = 0;
  const watch = new LoadWatch(async () => sample(++calls), 20, log.child({ test: true }));
  const a: number[] = [];
  const stopA = watch.subscribe((l) => a.push(l.cpuPercent));
  const stopB = watch.subscribe(() => undefined);
  await Bun.sleep(110);
  stopA();
  stopB();
  const polled = calls;
  expect(polled).toBeGreaterThanOrEqual(3);
  expect(polled).toBeLessThanOrEqual(8); // one poller for two viewers, not two
  await Bun.sleep(80);
  expect(calls).toBe(polled); // nobody watching: no polling

  const late: number[] = [];
  const stopLate = watch.subscribe((l) => late.push(l.cpuPercent));
  expect(late.slice(0, polled)).toEqual(a.slice(0, polled)); // history arrives at once, in order
  stopLate();
});
