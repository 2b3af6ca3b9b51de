// CPU and memory figures as `docker stats` computes them, on samples recorded from engines.
import { describe, expect, test } from "bun:test";
import { cpuPercent, memoryUsed, toStats, type RawStats } from "./stats.ts";

// Recorded from Docker 20.10 (cgroup v1) for a busybox shell loop; trimmed to the fields read.
const cgroupV1: RawStats = {
  read: "2026-11-24T02:41:46.477654307Z",
  blkio_stats: { io_service_bytes_recursive: [] },
  cpu_stats: {
    cpu_usage: { total_usage: 140329961, percpu_usage: [70889447, 69440514] },
    system_cpu_usage: 4344680000000,
    online_cpus: 2,
  },
  precpu_stats: {
    cpu_usage: { total_usage: 117584469, percpu_usage: [70889447, 46695022] },
    system_cpu_usage: 4342660000000,
    online_cpus: 2,
  },
  memory_stats: { usage: 540672, limit: 25276026880, stats: { total_inactive_file: 0, cache: 24576, rss: 114688 } },
  networks: { eth0: { rx_bytes: 516, tx_bytes: 0 } },
};

// Shape of a cgroup v2 host (Docker 24): no percpu_usage, inactive_file instead of total_*, blkio ops lower-case.
const cgroupV2: RawStats = {
  read: "2025-01-10T09:00:01.000000000Z",
  cpu_stats: { cpu_usage: { total_usage: 5_000_000_000 }, system_cpu_usage: 900_000_000_000, online_cpus: 4 },
  precpu_stats: { cpu_usage: { total_usage: 4_000_000_000 }, system_cpu_usage: 896_000_000_000, online_cpus: 4 },
  memory_stats: { usage: 50_000_000, limit: 1_000_000_000, stats: { inactive_file: 10_000_000 } },
  networks: { eth0: { rx_bytes: 1000, tx_bytes: 2000 }, eth1: { rx_bytes: 10, tx_bytes: 20 } },
  blkio_stats: {
    io_service_bytes_recursive: [
      { op: "read", value: 4096 },
      { op: "write", value: 8192 },
      { op: "read", value: 4096 },
    ],
  },
};

describe("container stats", () => {
  test("cgroup v1 sample: CPU share times CPUs, memory without inactive cache", () => {
    const s = toStats(cgroupV1);
    // (140329961 - 117584469) / (4344680000000 - 4342660000000) * 2 CPUs * 100
    expect(s.cpuPercent).toBeCloseTo(2.25, 2);
    expect(s.memory).toEqual({ usedBytes: 540672, limitBytes: 25276026880 });
    expect(s.network).toEqual({ rxBytes: 516, txBytes: 0 });
    expect(s.at).toBe("2026-11-24T02:41:46.477654307Z");
  });

  test("cgroup v2 sample: interfaces and block devices summed", () => {
    const s = toStats(cgroupV2);
    expect(s.cpuPercent).toBe(100); // 1e9 of 4e9 system ns on 4 CPUs: one full core
    expect(s.memory.usedBytes).toBe(40_000_000);
    expect(s.network).toEqual({ rxBytes: 1010, txBytes: 2020 });
    expect(s.blockIo).toEqual({ readBytes: 8192, writeBytes: 8192 });
  });

  test("first sample of a stream (no previous) and a stopped container read as zero, not NaN", () => {
    expect(cpuPercent(cgroupV1.cpu_stats, {})).toBe(0);
    const stopped = toStats({ read: "0001-01-01T00:00:00Z", memory_stats: {}, cpu_stats: {}, precpu_stats: {} }, Date.UTC(2025, 0, 1));
    expect(stopped).toEqual({
      at: "2025-01-01T00:00:00.000Z",
      cpuPercent: 0,
      memory: { usedBytes: 0, limitBytes: 0 },
      network: { rxBytes: 0, txBytes: 0 },
      blockIo: { readBytes: 0, writeBytes: 0 },
    });
  });

  test("CPU count falls back to the per-CPU list, cache larger than usage is ignored", () => {
    const noOnline = { ...cgroupV1.cpu_stats, online_cpus: 0 };
    expect(cpuPercent(noOnline, cgroupV1.precpu_stats)).toBeCloseTo(2.25, 2);
    expect(memoryUsed({ usage: 100, stats: { inactive_file: 500 } })).toBe(100);
  });
});
