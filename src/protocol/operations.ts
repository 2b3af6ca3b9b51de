// Every operation a managed server offers, as data: name -> argument and result schemas.
// Calls answer once; streams send chunks until they end or the caller cancels.
// Add a domain's operations in protocol/ops/<area>.ts and merge them here.
import type { z } from "zod";
import { composeCalls, composeStreams } from "./ops/compose.ts";
import { dockerCalls, dockerStreams } from "./ops/docker.ts";
import { metricsCalls } from "./ops/metrics.ts";
import { serverCalls } from "./ops/server.ts";

export const calls = {
  ...serverCalls,
  ...composeCalls,
  ...dockerCalls,
  ...metricsCalls,
} as const;

export const streams = {
  ...composeStreams,
  ...dockerStreams,
} as const satisfies Record<string, { args: z.ZodType; chunk: z.ZodType }>;

export type CallName = keyof typeof calls;
export type CallArgs<O extends CallName> = z.input<(typeof calls)[O]["args"]>;
export type CallResult<O extends CallName> = z.infer<(typeof calls)[O]["result"]>;

type Streams = typeof streams;
export type StreamName = keyof Streams;
export type StreamArgs<S extends StreamName> = Streams[S] extends { args: z.ZodType } ? z.input<Streams[S]["args"]> : never;
export type StreamChunk<S extends StreamName> = Streams[S] extends { chunk: z.ZodType } ? z.infer<Streams[S]["chunk"]> : never;
