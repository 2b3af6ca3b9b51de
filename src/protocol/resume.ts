// Streams whose work must not die with the connection (a deploy): the agent keeps running them
// while the link is down, keeps their latest output, and the panel re-attaches after the
// reconnect under the same id, asking for the messages it has not seen yet. Other streams
// (log follows, stats, exec with its stdin) end with "connection_lost" as before.

/** Output the agent keeps per stream for a panel that is away; the oldest messages go first. */
export const STREAM_BUFFER_BYTES = 1024 * 1024;
/** How long the agent keeps a finished stream's tail and end for a panel that has not re-attached. */
export const STREAM_KEEP_MS = 15 * 60_000;
/** How long the panel holds a resumable stream open for its agent to come back. */
export const STREAM_RESUME_MS = 10 * 60_000;

/**
 * Resumable streams, each with the chunk that tells its reader how many messages the agent had
 * to drop (its buffer is bounded): a deploy's log says lines are missing rather than hiding it.
 */
const resumable: Record<string, (dropped: number) => unknown> = {
  "compose.run": (dropped) => ({ stream: "stderr", line: `[serverkit] ${dropped} lines of output were dropped while the panel was disconnected` }),
};

export const isResumable = (op: string): boolean => Object.hasOwn(resumable, op);

/** The chunk data that stands for `dropped` lost messages of stream `op`. */
export const droppedNote = (op: string, dropped: number): unknown => resumable[op]?.(dropped) ?? null;
