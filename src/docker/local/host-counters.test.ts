import { describe, expect, test } from "bun:test";
import { hostCounters, parseMeminfo, parseNetDev, parseProcStat } from "./host-counters.ts";

describe("host counters", () => {
  test("/proc/stat: all CPU time and idle (idle + iowait)", () => {
    expect(parseProcStat("cpu  100 5 50 800 20 3 2 0 0 0\ncpu0 50 2 25 400 10 1 1 0 0 0\n")).toEqual({ total: 980, idle: 820 });
  });

  test("/proc/meminfo: total and available in bytes", () => {
    expect(parseMeminfo("MemTotal:       16000 kB\nMemFree:  100 kB\nMemAvailable:    8000 kB\n")).toEqual({ total: 16000 * 1024, available: 8000 * 1024 });
  });

  test("/proc/net/dev: the host's interfaces, not loopback, bridges or veths", () => {
    const text = [
      "Inter-|   Receive                                                |  Transmit",
      " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed",
      "    lo: 9999 10 0 0 0 0 0 0 9999 10 0 0 0 0 0 0",
      "  eth0: 1000 10 0 0 0 0 0 0 2000 20 0 0 0 0 0 0",
      "  ens4: 300 3 0 0 0 0 0 0 400 4 0 0 0 0 0 0",
      "docker0: 5000 50 0 0 0 0 0 0 5000 50 0 0 0 0 0 0",
      "veth12ab: 7000 70 0 0 0 0 0 0 7000 70 0 0 0 0 0 0",
      "br-0f3a: 6000 60 0 0 0 0 0 0 6000 60 0 0 0 0 0 0",
    ].join("\n");
    expect(parseNetDev(text)).toEqual({ rx: 1300, tx: 2400 });
  });

  test("this machine answers with sane figures", async () => {
    const h = await hostCounters();
    expect(h.cpuTotalTicks).toBeGreaterThan(h.cpuIdleTicks);
    expect(h.memTotalBytes).toBeGreaterThan(h.memAvailableBytes);
    expect(h.diskUsedBytes).toBeGreaterThan(0);
    expect(h.diskTotalBytes).toBeGreaterThan(h.diskUsedBytes);
    expect(h.load).toHaveLength(3);
  });
});
