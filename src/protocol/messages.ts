// Messages between the panel and a server it manages. The local server is reached through
// these same messages over an in-process transport; agents will carry them over WebSocket.
import { z } from "zod";

export const PROTOCOL_VERSION = 1;

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

/** Every operation a Target offers: its argument and result schemas. */
export const operations = {
  "server.facts": { args: z.object({}), result: serverFactsSchema },
  "server.load": { args: z.object({}), result: serverLoadSchema },
} as const;

export type OperationName = keyof typeof operations;
export type OperationArgs<O extends OperationName> = z.infer<(typeof operations)[O]["args"]>;
export type OperationResult<O extends OperationName> = z.infer<(typeof operations)[O]["result"]>;

export const requestSchema = z.object({
  v: z.literal(PROTOCOL_VERSION),
  id: z.string().min(1),
  op: z.enum(Object.keys(operations) as [OperationName, ...OperationName[]]),
  args: z.unknown(),
});
export type Request = z.infer<typeof requestSchema>;

export const responseSchema = z.discriminatedUnion("ok", [
  z.object({ v: z.literal(PROTOCOL_VERSION), id: z.string(), ok: z.literal(true), result: z.unknown() }),
  z.object({
    v: z.literal(PROTOCOL_VERSION),
    id: z.string(),
    ok: z.literal(false),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
]);
export type Response = z.infer<typeof responseSchema>;
