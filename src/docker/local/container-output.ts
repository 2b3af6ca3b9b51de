// What containers print and consume: logs (once or followed) and resource stats.
import type { CallHandlers, StreamHandlers } from "../dispatch.ts";
import type { LogLine } from "../../protocol/index.ts";
import { CONTAINER_CODES, inspectContainer } from "./containers.ts";
import { jsonLines, seg, type Engine } from "./engine.ts";
import { logLines } from "./log-frames.ts";
import { toStats, type RawStats } from "./stats.ts";

type OutputCalls = Pick<CallHandlers, "containers.logs" | "containers.stats">;
type OutputStreams = Pick<StreamHandlers, "containers.logs.follow" | "containers.stats.stream">;

/** Text kept for one logs answer; the oldest lines go first when a tail is larger than this. */
const LOG_BUDGET_CHARS = 4 * 1024 * 1024;

interface LogQuery {
  id: string;
  /** A number of last lines, or "all". */
  tail?: number | "all";
  since?: number;
  until?: number;
  timestamps?: boolean;
}

export async function openLogs(engine: Engine, q: LogQuery, follow: boolean, signal?: AbortSignal) {
  // Multiplexed or plain depends on the container's TTY; the response does not say which.
  const { Config } = await inspectContainer(engine, q.id);
  const params = new URLSearchParams({ stdout: "1", stderr: "1", tail: String(q.tail ?? 200) });
  if (q.since !== undefined) params.set("since", String(q.since));
  if (q.until !== undefined) params.set("until", String(q.until));
  if (q.timestamps) params.set("timestamps", "1");
  if (follow) params.set("follow", "1");
  const res = await engine.request("GET", `/containers/${seg(q.id)}/logs?${params}`, { codes: CONTAINER_CODES, signal });
  return logLines(res.body, Config.Tty, q.timestamps ?? false);
}

export function containerOutputHandlers(engine: Engine): { calls: OutputCalls; streams: OutputStreams } {
  return {
    calls: {
      "containers.logs": async (q) => {
        const lines: LogLine[] = [];
        let chars = 0;
        let truncated = false;
        for await (const line of await openLogs(engine, q, false)) {
          lines.push(line);
          chars += line.text.length;
          while (chars > LOG_BUDGET_CHARS && lines.length > 1) {
            chars -= lines.shift()!.text.length;
            truncated = true;
          }
        }
        return { lines, truncated };
      },
      // stream=false: Docker waits for a second sample so the CPU figure has something to compare with.
      "containers.stats": async ({ id }) =>
        toStats(await engine.get<RawStats>(`/containers/${seg(id)}/stats?stream=false`, { codes: CONTAINER_CODES })),
    },
    streams: {
      "containers.logs.follow": async function* (q, signal) {
        yield* await openLogs(engine, { ...q, tail: q.tail ?? 100 }, true, signal);
      },
      "containers.stats.stream": async function* ({ id }, signal) {
        const res = await engine.request("GET", `/containers/${seg(id)}/stats?stream=true`, { codes: CONTAINER_CODES, signal });
        for await (const raw of jsonLines(res.body)) yield toStats(raw as RawStats);
      },
    },
  };
}
