import { describe, expect, test } from "bun:test";
import type { ContainerCounters } from "../protocol/index.ts";
import { hostRatesBetween, ratesBetween } from "./rates.ts";

const sample = (over: Partial<ContainerCounters>): ContainerCounters => ({
  id: "abc",
  name: "web-1",
  app: "blog",
  at: 0,
  cpuTotalNs: 0,
  systemCpuNs: 0,
  onlineCpus: 2,
  memUsedBytes: 1,
  memLimitBytes: 10,
  rxBytes: 0,
  txBytes: 0,
  readBytes: 0,
  writeBytes: 0,
  ...over,
});

describe("rates between two counter samples", () => {
  test("one busy core on a 2-CPU host reads 100 %, bytes become per-second rates", () => {
    const a = sample({ at: 1_000, cpuTotalNs: 5e9, systemCpuNs: 100e9, rxBytes: 1000, writeBytes: 0 });
    // 30 s later: the container used 30 s of CPU; the host's two CPUs 60 s between them.
    const b = sample({ at: 31_000, cpuTotalNs: 35e9, systemCpuNs: 160e9, rxBytes: 4000, writeBytes: 3_000_000 });
    expect(ratesBetween(a, b)).toEqual({ cpuPercent: 100, rxBps: 100, txBps: 0, readBps: 0, writeBps: 100_000 });
  });

  test("no earlier sample, a re-created container or reset counters: no rates", () => {
    const b = sample({ at: 31_000, cpuTotalNs: 35e9, systemCpuNs: 160e9 });
    expect(ratesBetween(undefined, b)).toBeNull();
    expect(ratesBetween(sample({ id: "other", at: 1_000 }), b)).toBeNull();
    expect(ratesBetween(sample({ at: 1_000, cpuTotalNs: 99e9 }), b)).toBeNull();
  });

  test("host: busy share of all CPU time and network bytes per second", () => {
    const h = { at: 0, cpuTotalTicks: 1000, cpuIdleTicks: 800, memTotalBytes: 1, memAvailableBytes: 1, diskUsedBytes: 1, diskTotalBytes: 2, rxBytes: 0, txBytes: 500, load: [0, 0, 0] };
    expect(hostRatesBetween(h, { ...h, at: 10_000, cpuTotalTicks: 2000, cpuIdleTicks: 1550, rxBytes: 10_000, txBytes: 500 })).toEqual({ cpuPercent: 25, rxBps: 1000, txBps: 0 });
    expect(hostRatesBetween(undefined, h)).toBeNull();
  });
});
