// Metrics collection on a managed server: one call answers for every running container.
// Counters are cumulative and raw (no rates): the panel keeps the previous sample and turns two
// into rates over its own interval, so the server keeps no state between calls.
import { z } from "zod";

export const containerCountersSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Compose project (a ServerKit app is one), from the com.docker.compose.project label. */
  app: z.string().nullable(),
  /** When the engine read the counters (Unix ms). */
  at: z.number(),
  /** Nanoseconds of CPU the container used since it started. */
  cpuTotalNs: z.number(),
  /** Nanoseconds of CPU the whole host used (all cores), the denominator of a CPU share. */
  systemCpuNs: z.number(),
  onlineCpus: z.number().int(),
  memUsedBytes: z.number(),
  memLimitBytes: z.number(),
  rxBytes: z.number(),
  txBytes: z.number(),
  readBytes: z.number(),
  writeBytes: z.number(),
});
export type ContainerCounters = z.infer<typeof containerCountersSchema>;

/** The host's cumulative counters and current levels, read from /proc and statfs (no processes spawned). */
export const hostCountersSchema = z.object({
  /** Unix ms. */
  at: z.number(),
  /** CPU time of all cores in clock ticks since boot: everything, and idle (idle + iowait). */
  cpuTotalTicks: z.number(),
  cpuIdleTicks: z.number(),
  memTotalBytes: z.number(),
  /** MemAvailable: what could be handed out without swapping (caches the kernel would drop excluded from "used"). */
  memAvailableBytes: z.number(),
  /** The root filesystem: blocks in use and its size (the Disk card and `server.load` count the same way). */
  diskUsedBytes: z.number(),
  diskTotalBytes: z.number(),
  /** Bytes through the host's own interfaces (loopback, bridges and container veths left out). */
  rxBytes: z.number(),
  txBytes: z.number(),
  load: z.array(z.number()).length(3),
});
export type HostCounters = z.infer<typeof hostCountersSchema>;

export const metricsCalls = {
  "server.counters": { args: z.object({}), result: hostCountersSchema },
  "containers.stats.all": {
    args: z.object({}),
    result: z.object({ containers: z.array(containerCountersSchema) }),
  },
} as const;
