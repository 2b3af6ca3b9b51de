// Docker topics on the live WebSocket, all docker:read:
//   container-logs:<server>:<container>   {type:"line", data:{stream, ts, text}}; starts with the last 100 lines
//   container-stats:<server>:<container>  {type:"stats", data:<stats>} about every 2 s
//   docker-events:<server>                {type:"event", data:{type, action, id, name, app, at}}
// A feed that runs out (the container stopped) sends {type:"end"}; a failing one {type:"error"}.
// Both end the subscription, so the client may subscribe again.
import type { Services } from "../services.ts";
import { Outbox, type LiveTopic, type Sender } from "./outbox.ts";

const SERVER = "([a-z0-9-]{1,64})";
const CONTAINER = "([A-Za-z0-9][A-Za-z0-9_.-]{0,127})";
const LOGS = new RegExp(`^container-logs:${SERVER}:${CONTAINER}$`);
const STATS = new RegExp(`^container-stats:${SERVER}:${CONTAINER}$`);
const EVENTS = new RegExp(`^docker-events:${SERVER}$`);

type Open<T> = (signal: AbortSignal) => Promise<AsyncIterable<T>>;

/** Feeds a stream into one socket until the client leaves (abort) or the stream ends. */
async function pipe<T>(topic: string, out: Sender, ended: () => void, type: string, open: Open<T>, reportDrops: boolean) {
  const abort = new AbortController();
  const items = await open(abort.signal); // an unknown server fails the subscription here
  const box = new Outbox(out, topic, { reportDrops });
  void (async () => {
    try {
      for await (const item of items) box.send(type, item);
      if (!abort.signal.aborted) box.write("end", null);
    } catch (err) {
      if (!abort.signal.aborted) {
        const e = err as { code?: string; message?: string };
        out.send(JSON.stringify({ type: "error", topic, data: { code: e.code ?? "stream_failed", message: e.message ?? String(err) } }));
      }
    } finally {
      if (!abort.signal.aborted) ended();
    }
  })();
  return () => abort.abort();
}

export function dockerTopic(s: Services, topic: string): LiveTopic | undefined {
  const { live } = s.containers;
  const logs = LOGS.exec(topic);
  if (logs) {
    const [, server, id] = logs as unknown as [string, string, string];
    // Dropped lines are reported: the viewer should know the log has a gap.
    return { permission: "docker:read", start: (out, ended) => pipe(topic, out, ended, "line", (sig) => live.logs(server, id, sig), true) };
  }
  const stats = STATS.exec(topic);
  if (stats) {
    const [, server, id] = stats as unknown as [string, string, string];
    // A dropped sample needs no notice: the next one replaces it.
    return { permission: "docker:read", start: (out, ended) => pipe(topic, out, ended, "stats", (sig) => live.stats(server, id, sig), false) };
  }
  const events = EVENTS.exec(topic);
  if (events) {
    const server = events[1]!;
    return {
      permission: "docker:read",
      start: async (out) => {
        const box = new Outbox(out, topic);
        return live.events(server, (event) => box.send("event", event));
      },
    };
  }
  return undefined;
}
