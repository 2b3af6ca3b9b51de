// One stats sample from the Engine -> our ContainerStats, computed the way `docker stats` does.
import type { ContainerStats } from "../../protocol/index.ts";

interface CpuStats {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null };
  system_cpu_usage?: number;
  online_cpus?: number;
}

export interface RawStats {
  read?: string;
  cpu_stats?: CpuStats;
  precpu_stats?: CpuStats;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op: string; value: number }[] | null };
}

/** CPUs the container may use: what the engine says, else the per-CPU list's length. */
export const onlineCpus = (cpu: CpuStats = {}): number => cpu.online_cpus || cpu.cpu_usage?.percpu_usage?.length || 1;

/**
 * CPU: the container's share of all CPU time between the previous sample and this one, times the
 * number of CPUs (so one busy core on a 4-core host reads 100 %, like `docker stats`).
 */
export function cpuPercent(cpu: CpuStats = {}, pre: CpuStats = {}): number {
  // A stream's first sample has no previous one; a ratio of lifetime totals would be no rate at all.
  if (!pre.system_cpu_usage) return 0;
  const cpuDelta = (cpu.cpu_usage?.total_usage ?? 0) - (pre.cpu_usage?.total_usage ?? 0);
  const systemDelta = (cpu.system_cpu_usage ?? 0) - (pre.system_cpu_usage ?? 0);
  const cpus = onlineCpus(cpu);
  if (cpuDelta <= 0 || systemDelta <= 0) return 0;
  return Math.round((cpuDelta / systemDelta) * cpus * 100 * 100) / 100;
}

/** Memory minus the page cache the kernel can drop (cgroup v1 total_inactive_file, v2 inactive_file). */
export function memoryUsed(m: RawStats["memory_stats"] = {}): number {
  const usage = m.usage ?? 0;
  const s = m.stats ?? {};
  const cache = s.total_inactive_file ?? s.inactive_file ?? 0;
  return cache < usage ? usage - cache : usage;
}

/** Bytes over all the container's networks, and read/written to block devices, since it started. */
export function ioTotals(raw: RawStats): { rxBytes: number; txBytes: number; readBytes: number; writeBytes: number } {
  let rxBytes = 0;
  let txBytes = 0;
  for (const n of Object.values(raw.networks ?? {})) {
    rxBytes += n.rx_bytes ?? 0;
    txBytes += n.tx_bytes ?? 0;
  }
  let readBytes = 0;
  let writeBytes = 0;
  for (const e of raw.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = e.op.toLowerCase();
    if (op === "read") readBytes += e.value;
    else if (op === "write") writeBytes += e.value;
  }
  return { rxBytes, txBytes, readBytes, writeBytes };
}

/** A stopped container answers with a zero time; the sample is "now" then. */
export const sampleTime = (raw: RawStats, now: number): string => (raw.read && !raw.read.startsWith("0001-") ? raw.read : new Date(now).toISOString());

export function toStats(raw: RawStats, now = Date.now()): ContainerStats {
  const { rxBytes, txBytes, readBytes, writeBytes } = ioTotals(raw);
  return {
    at: sampleTime(raw, now),
    cpuPercent: cpuPercent(raw.cpu_stats, raw.precpu_stats),
    memory: { usedBytes: memoryUsed(raw.memory_stats), limitBytes: raw.memory_stats?.limit ?? 0 },
    network: { rxBytes, txBytes },
    blockIo: { readBytes, writeBytes },
  };
}
