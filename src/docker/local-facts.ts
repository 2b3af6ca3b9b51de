// What the local server reports about itself: /proc and node:os for the host's facts, /proc for
// its load, the Docker API for the engine. A missing or stopped Docker is a fact to show, not an error.
import type { Engine } from "./local/engine.ts";
import { hostNetRates } from "./net-rates.ts";
import { hostCounters } from "./local/host-counters.ts";
import { machineFacts } from "./local/host-facts.ts";
import type { ServerFacts, ServerLoad } from "../protocol/index.ts";

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

export async function hostFacts(engine: Engine): Promise<ServerFacts> {
  return { ...machineFacts(), docker: await dockerFacts(engine) };
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
