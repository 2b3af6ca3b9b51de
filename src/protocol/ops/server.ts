// Facts and load of a managed server.
import { z } from "zod";

export const serverFactsSchema = z.object({
  hostname: z.string(),
  os: z.object({ distro: z.string(), release: z.string(), kernel: z.string(), arch: z.string() }),
  cpu: z.object({ model: z.string(), cores: z.number().int() }),
  memory: z.object({ totalBytes: z.number() }),
  disks: z.array(z.object({ mount: z.string(), fs: z.string(), sizeBytes: z.number(), usedBytes: z.number() })),
  uptimeSeconds: z.number(),
  addresses: z.array(z.string()),
  docker: z.object({
    available: z.boolean(),
    version: z.string().nullable(),
    containers: z.number().int().optional(),
    containersRunning: z.number().int().optional(),
    images: z.number().int().optional(),
    error: z.string().optional(),
  }),
});
export type ServerFacts = z.infer<typeof serverFactsSchema>;

export const serverLoadSchema = z.object({
  at: z.string(),
  cpuPercent: z.number(),
  memory: z.object({ usedBytes: z.number(), totalBytes: z.number() }),
  disk: z.object({ usedBytes: z.number(), totalBytes: z.number() }),
  network: z.object({ rxBytesPerSec: z.number(), txBytesPerSec: z.number() }),
  load: z.array(z.number()).length(3),
});
export type ServerLoad = z.infer<typeof serverLoadSchema>;

export const serverCalls = {
  "server.facts": { args: z.object({}), result: serverFactsSchema },
  "server.load": { args: z.object({}), result: serverLoadSchema },
} as const;
