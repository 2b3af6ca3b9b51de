// What the local server reports about itself: systeminformation for the host's facts, /proc for
// its load, the Docker API for the engine. A missing or stopped Docker is a fact to show, not an error.
import type { Engine } from "./local/engine.ts";
import { networkInterfaces } from "node:os";
import { hostNetRates } from "./net-rates.ts";
import { hostCounters } from "./local/host-counters.ts";
import type { ServerFacts, ServerLoad } from "../protocol/index.ts";

const IGNORED_FS = /^(tmpfs|devtmpfs|overlay|squashfs|proc|sysfs|cgroup2?|nsfs|efivarfs)$/;

export async function dockerFacts(engine: Engine): Promise<ServerFacts["docker"]> {
  try {
    const [version, info] = await Promise.all([
      engine.get<{ Version: string }>("/version", { timeoutMs: 5000 }),
      engine.get<{ Containers: number; ContainersRunning: number; Images: number }>("/info", { timeoutMs: 5000 }),
    ]);
    return {
      available: true,
      version: version.Version,
      containers: info.Containers,
      containersRunning: info.ContainersRunning,
      images: info.Images,
    };
  } catch (err) {
    return { available: false, version: null, error: (err as Error).message };
  }
}

/** systeminformation is large; load it when a server is first looked at, not at start. */
const sysinfo = async () => (await import("systeminformation")).default;

export async function hostFacts(engine: Engine): Promise<ServerFacts> {
  const si = await sysinfo();
  const [os, cpu, mem, fs, time, dockerState] = await Promise.all([si.osInfo(), si.cpu(), si.mem(), si.fsSize(), Promise.resolve(si.time()), dockerFacts(engine)]);
  // node:os, not systeminformation: that one runs commands per interface (slow with many veths).
  const ifaces = Object.values(networkInterfaces()).flat().filter((n) => n !== undefined);
  return {
    hostname: os.hostname,
    os: { distro: os.distro, release: os.release, kernel: os.kernel, arch: os.arch },
    cpu: { model: `${cpu.manufacturer} ${cpu.brand}`.trim(), cores: cpu.cores },
    memory: { totalBytes: mem.total },
    disks: fs
      .filter((d) => !IGNORED_FS.test(d.type) && d.size > 0)
      .map((d) => ({ mount: d.mount, fs: d.type, sizeBytes: d.size, usedBytes: d.used })),
    uptimeSeconds: Math.round(Number(time.uptime)),
    addresses: [...new Set(ifaces.filter((n) => !n.internal && n.family === "IPv4").map((n) => n.address))],
    docker: dockerState,
  };
}

/** The previous CPU reading: server.load's CPU share is over the time since the last call. */
let lastCpu = { total: 0, idle: 0 };

/**
 * From /proc and statfs, like server.counters: systeminformation here ran `df` and friends on
 * every heartbeat and kept a large module loaded in every idle agent. The first call's CPU share
 * is the average since boot.
 */
export async function hostLoad(): Promise<ServerLoad> {
  const c = await hostCounters();
  const ticks = c.cpuTotalTicks - lastCpu.total;
  const busy = ticks > 0 ? (1 - (c.cpuIdleTicks - lastCpu.idle) / ticks) * 100 : 0;
  lastCpu = { total: c.cpuTotalTicks, idle: c.cpuIdleTicks };
  return {
    at: new Date(c.at).toISOString(),
    cpuPercent: Math.round(Math.min(100, Math.max(0, busy)) * 10) / 10,
    // "available" excludes caches the kernel would give back, which is what people mean by used.
    memory: { usedBytes: c.memTotalBytes - c.memAvailableBytes, totalBytes: c.memTotalBytes },
    disk: { usedBytes: c.diskUsedBytes, totalBytes: c.diskTotalBytes },
    network: hostNetRates(),
    load: c.load,
  };
}
