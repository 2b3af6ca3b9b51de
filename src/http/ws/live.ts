// One WebSocket per browser tab, multiplexing live topics: job logs and updates, server load,
// container logs/stats and Docker events (ws/docker-topics.ts).
// Messages: client {op:"subscribe"|"unsubscribe", topic}; server {topic, type, data}.
import type { Hono } from "hono";
import { upgradeWebSocket } from "hono/bun";
import { z } from "zod";
import { can, type Principal } from "../../auth/index.ts";
import type { AppEnv } from "../context.ts";
import type { Services } from "../services.ts";
import { dockerTopic } from "./docker-topics.ts";
import { metricsTopic } from "./metrics-topics.ts";
import { senderOf, type LiveTopic, type Sender } from "./outbox.ts";

const MAX_TOPICS = 64;
const clientMessage = z.object({ op: z.enum(["subscribe", "unsubscribe"]), topic: z.string().max(200) });

/** Which permission a topic needs, and how to start feeding it to one socket. */
function resolveTopic(s: Services, topic: string): LiveTopic | undefined {
  const forward = (out: Sender) => (type: string, data: unknown) => out.send(JSON.stringify({ topic, type, data }));
  if (topic === "jobs" || /^job:[A-Za-z0-9]{1,64}$/.test(topic)) {
    return { permission: "jobs:read", start: async (out) => s.bus.subscribe(topic, forward(out)) };
  }
  const load = /^server-load:([a-z0-9-]{1,64})$/.exec(topic);
  if (load) {
    return { permission: "servers:read", start: (out) => s.servers.watchLoad(load[1]!, (data) => forward(out)("load", data)) };
  }
  return metricsTopic(s, topic) ?? dockerTopic(s, topic);
}

/** Browsers send Origin on WebSocket requests; a page from another site must not ride our cookie. */
function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true; // non-browser clients (CLI, tests) send none
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function mountLive(app: Hono<AppEnv>, s: Services): void {
  app.get(
    "/api/v1/ws",
    async (c, next) => {
      if (!c.get("principal")) return c.json({ error: { code: "unauthorized", message: "Sign in first." } }, 401);
      if (!sameOrigin(c.req.header("origin"), c.req.header("host"))) {
        return c.json({ error: { code: "bad_origin", message: "Cross-site WebSocket refused." } }, 403);
      }
      await next();
    },
    upgradeWebSocket((c) => {
      const principal = c.get("principal") as Principal;
      const subs = new Map<string, () => void>();
      let closed = false;
      const error = (ws: Sender, code: string, message: string, topic?: string) =>
        ws.send(JSON.stringify({ type: "error", ...(topic && { topic }), data: { code, message } }));
      return {
        async onMessage(event, ws) {
          let msg: z.infer<typeof clientMessage>;
          try {
            msg = clientMessage.parse(JSON.parse(String(event.data)));
          } catch {
            return error(ws, "bad_message", 'Send {"op":"subscribe","topic":"..."}.');
          }
          if (msg.op === "unsubscribe") {
            subs.get(msg.topic)?.();
            subs.delete(msg.topic);
            return;
          }
          if (subs.has(msg.topic)) return;
          const topic = resolveTopic(s, msg.topic);
          if (!topic) return error(ws, "unknown_topic", `No topic "${msg.topic}".`, msg.topic);
          if (!can(principal.role, topic.permission)) return error(ws, "forbidden", "Your role does not allow this topic.", msg.topic);
          if (subs.size >= MAX_TOPICS) return error(ws, "too_many_topics", `At most ${MAX_TOPICS} topics per connection.`, msg.topic);
          try {
            let stop: (() => void) | undefined;
            let ended = false;
            // A feed that runs out (a stopped container's logs) frees its topic for a new subscribe.
            const onEnd = () => {
              ended = true;
              if (stop && subs.get(msg.topic) === stop) subs.delete(msg.topic);
            };
            stop = await topic.start(senderOf(ws), onEnd);
            if (closed || ended) stop(); // the socket went away (or the feed ended) while we were subscribing
            else subs.set(msg.topic, stop);
          } catch (err) {
            error(ws, "subscribe_failed", (err as Error).message, msg.topic);
          }
        },
        onClose() {
          closed = true;
          for (const stop of subs.values()) stop();
          subs.clear();
        },
      };
    }),
  );
}
