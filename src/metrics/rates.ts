// Two cumulative counter samples of a container -> its CPU share and byte rates between them.
import type { ContainerCounters, HostCounters } from "../protocol/index.ts";

export interface ContainerRates {
  cpuPercent: number;
  rxBps: number;
  txBps: number;
  readBps: number;
  writeBps: number;
}

const rate = (now: number, before: number, seconds: number) => (now >= before ? Math.round((now - before) / seconds) : 0);

/**
 * CPU like `docker stats`: the container's share of all host CPU time times the number of
 * CPUs, so one busy core reads 100 %. Null when there is no earlier sample of the same container
 * (first sight, or a restart reset its counters).
 */
export function ratesBetween(prev: ContainerCounters | undefined, cur: ContainerCounters): ContainerRates | null {
  if (!prev || prev.id !== cur.id) return null;
  const seconds = (cur.at - prev.at) / 1000;
  if (seconds <= 0 || cur.cpuTotalNs < prev.cpuTotalNs) return null;
  const cpuDelta = cur.cpuTotalNs - prev.cpuTotalNs;
  const systemDelta = cur.systemCpuNs - prev.systemCpuNs;
  const cpuPercent = systemDelta > 0 ? Math.round((cpuDelta / systemDelta) * cur.onlineCpus * 100 * 100) / 100 : 0;
  return {
    cpuPercent,
    rxBps: rate(cur.rxBytes, prev.rxBytes, seconds),
    txBps: rate(cur.txBytes, prev.txBytes, seconds),
    readBps: rate(cur.readBytes, prev.readBytes, seconds),
    writeBps: rate(cur.writeBytes, prev.writeBytes, seconds),
  };
}

/** Host CPU busy share (all cores = 100 %) and network rates between two readings; null without an earlier one. */
export function hostRatesBetween(prev: HostCounters | undefined, cur: HostCounters): { cpuPercent: number; rxBps: number; txBps: number } | null {
  if (!prev) return null;
  const seconds = (cur.at - prev.at) / 1000;
  const total = cur.cpuTotalTicks - prev.cpuTotalTicks;
  if (seconds <= 0 || total < 0) return null;
  const idle = cur.cpuIdleTicks - prev.cpuIdleTicks;
  const cpuPercent = total > 0 ? Math.round(Math.min(100, Math.max(0, (1 - idle / total) * 100)) * 100) / 100 : 0;
  return { cpuPercent, rxBps: rate(cur.rxBytes, prev.rxBytes, seconds), txBps: rate(cur.txBytes, prev.txBytes, seconds) };
}
