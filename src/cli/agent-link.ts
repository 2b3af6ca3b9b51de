// The agent's connection to its panel: dial, answer the challenge, then run the commands the
// panel signed, and only those. Reconnects with exponential backoff and jitter for as long as
// it runs; stops for good only when the panel says this server is revoked. A panel silent for
// three heartbeats (each one is acknowledged) counts as gone: a cut link closes nothing.
// Calls run apart from the connection; their answers wait in a store for the panel to ask again.
// Resumable streams (a deploy) run apart from it too, keeping their output for the panel's return.
import { dispatchCall, dispatchStream, type Handlers } from "../docker/index.ts";
import type { Logger } from "../lib/log.ts";
import {
  authMessage,
  checkCommand,
  decodeFrame,
  encodeFrame,
  importPrivateKey,
  importPublicKey,
  isResumable,
  MAX_FRAME_BYTES,
  panelFrameSchema,
  PROTOCOL_VERSION,
  ReplayCache,
  serverLoadSchema,
  sign,
  silenceLimitMs,
  type AgentFrame,
  type CommandPayload,
  type Response,
  type ServerLoad,
} from "../protocol/index.ts";
import type { Identity } from "./agent-identity.ts";
import { PollSocket, type LinkSocket } from "./agent-poll.ts";
import { ResultStore } from "./agent-results.ts";
import { StreamStore, type StreamSink } from "./agent-streams.ts";

export interface LinkOptions {
  identity: Identity;
  handlers: Handlers;
  log: Logger;
  version: string;
  heartbeatMs: number;
  /** "poll": HTTPS long-poll, for servers whose egress blocks WebSocket. */
  transport?: "ws" | "poll";
  /** Aborting ends the agent (SIGTERM). */
  signal: AbortSignal;
  /** Called on a welcome and on every command: the agent trims its memory once things go quiet. */
  onActivity?: () => void;
}

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;
/** How long answers are kept for a command id asked again (after a reconnect). */
const RESULT_KEEP_MS = 15 * 60_000;
const RESULTS_MAX = 1000;
/** A connection not welcomed by then is given up (a SYN into a dead link can hang for minutes). */
const CONNECT_TIMEOUT_MS = 15_000;
const SEND_HIGH_WATER = 1024 * 1024;

export const EXIT_REVOKED = 3;
let startupCollected = false;

/** Full jitter over an exponential ceiling: a restarted panel is not hit by every agent at once. */
export const backoffMs = (attempt: number, capMs = BACKOFF_CAP_MS) => Math.min(capMs, BACKOFF_BASE_MS * 2 ** attempt) * (0.5 + Math.random() / 2);
/**
 * For a while after a connection that was up is lost, retries stay a few seconds apart: a panel
 * restart takes seconds, and doubling towards 30 s would keep agents away long after it is back
 * (1,000 agents came back in 24-57 s instead of under 15). Jitter still spreads them out.
 */
const RECENT_LOSS_MS = 60_000;
const RECENT_LOSS_CAP_MS = 4_000;

export async function runLink(o: LinkOptions): Promise<number> {
  const { identity, handlers, log } = o;
  const myKey = await importPrivateKey(identity.privateKey);
  const panelKey = await importPublicKey(identity.panelPublicKey);
  const replay = new ReplayCache();
  // Idempotency: the answer (or the run in progress) for each recent call id.
  const results = new ResultStore(RESULT_KEEP_MS, RESULTS_MAX);
  const resumable = new StreamStore((cmd, signal) => dispatchStream(handlers.streams, { v: PROTOCOL_VERSION, id: cmd.id, op: cmd.op, args: cmd.args }, signal));
  // The welcomed connection, if any: an answer finished after a reconnect goes out on it.
  let current: LinkSocket | undefined;
  const url = identity.panelUrl.replace(/^http/, "ws") + "/api/v1/agents/connect";
  let attempt = 0;
  let lostAt = -Infinity;
  let revoked = false;

  while (!o.signal.aborted && !revoked) {
    await new Promise<void>((done) => {
      // A WebSocket has all a LinkSocket has (its handlers get richer events than the link reads).
      const ws: LinkSocket = o.transport === "poll" ? new PollSocket(identity.panelUrl) : (new WebSocket(url) as unknown as LinkSocket);
      const streams = new Map<string, AbortController>();
      let heartbeat: ReturnType<typeof setInterval> | undefined;
      let lastHeard = Date.now();
      const send = (frame: AgentFrame) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(encodeFrame(frame));
      };
      // This connection, as resumable streams see it (numbered messages, only once welcomed).
      const sink: StreamSink = {
        get open() {
          return current === ws && ws.readyState === WebSocket.OPEN;
        },
        get backlog() {
          return ws.bufferedAmount;
        },
        send: (message, seq) => send({ v: PROTOCOL_VERSION, type: "stream", message, seq }),
      };
      const onStop = () => ws.close(1000, "agent stopping");
      o.signal.addEventListener("abort", onStop, { once: true });

      let finished = false;
      const finish = (code: number, reason: string) => {
        if (finished) return;
        finished = true;
        if (current === ws) current = undefined;
        clearInterval(heartbeat);
        clearInterval(watchdog);
        clearTimeout(sampler);
        for (const c of streams.values()) c.abort();
        resumable.detach(sink);
        o.signal.removeEventListener("abort", onStop);
        if (code === 4403) revoked = true;
        if (!o.signal.aborted) log.warn("disconnected from the panel", { code, reason });
        done();
      };
      // A dead link does not close by itself: give up on it, without waiting for a close handshake.
      const abandon = (reason: string) => {
        log.warn("giving up on the connection", { reason });
        ws.terminate();
        finish(1006, reason);
      };
      const silence = silenceLimitMs(o.heartbeatMs);
      const watchdog = setInterval(() => {
        if (current !== ws && Date.now() - lastHeard > CONNECT_TIMEOUT_MS) abandon("not welcomed in time");
        else if (current === ws && Date.now() - lastHeard > silence) abandon(`nothing heard from the panel for ${Math.round((Date.now() - lastHeard) / 1000)} s`);
      }, Math.min(1000, o.heartbeatMs));

      // Liveness and load run apart: a heartbeat goes out on time with the latest load sample,
      // and a sample that takes long (Docker or /proc on a very busy machine) only delays the
      // next sample, never a heartbeat. Samples do not overlap.
      let latestLoad: ServerLoad | null = null;
      let sampler: ReturnType<typeof setTimeout> | undefined;
      const sample = async () => {
        const raw = await handlers.calls["server.load"]({}).catch(() => null);
        // Validated here: the panel drops a connection that sends what it cannot read. A rate not
        // computable yet (an interface seen for the first time) is NaN: reported as 0.
        const load = serverLoadSchema.safeParse(raw && JSON.parse(JSON.stringify(raw, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? 0 : v))));
        if (load.success) latestLoad = load.data;
        else log.debug("load sample left out of the heartbeat", { error: load.error.message.slice(0, 300) });
        if (ws.readyState === WebSocket.OPEN) sampler = setTimeout(() => void sample(), o.heartbeatMs);
      };
      const beat = () => send({ v: PROTOCOL_VERSION, type: "heartbeat", load: latestLoad });

      async function call(cmd: CommandPayload) {
        const entry = results.answer(cmd.id, () => dispatchCall(handlers.calls, { v: PROTOCOL_VERSION, id: cmd.id, op: cmd.op, args: cmd.args }));
        if (entry.repeated) log.info("repeated command id: answering with the stored result", { id: cmd.id, op: cmd.op });
        let response: Response = await entry.answer;
        if (JSON.stringify(response).length > MAX_FRAME_BYTES - 1024) {
          response = { v: PROTOCOL_VERSION, id: cmd.id, ok: false, error: { code: "result_too_large", message: `the answer is larger than ${MAX_FRAME_BYTES} bytes` } };
        }
        // On whichever connection is up now; if none, the panel asks again after reconnecting.
        if (current?.readyState === WebSocket.OPEN) current.send(encodeFrame({ v: PROTOCOL_VERSION, type: "result", response }));
      }

      async function stream(cmd: CommandPayload) {
        if (isResumable(cmd.op)) return resumable.open(cmd, sink);
        if (streams.has(cmd.id)) return;
        const controller = new AbortController();
        streams.set(cmd.id, controller);
        try {
          for await (const message of dispatchStream(handlers.streams, { v: PROTOCOL_VERSION, id: cmd.id, op: cmd.op, args: cmd.args }, controller.signal)) {
            // A slow link must not pile output up in memory: wait for the socket to drain.
            while (ws.readyState === WebSocket.OPEN && ws.bufferedAmount > SEND_HIGH_WATER) await Bun.sleep(20);
            if (ws.readyState !== WebSocket.OPEN) break;
            send({ v: PROTOCOL_VERSION, type: "stream", message });
          }
        } finally {
          controller.abort();
          streams.delete(cmd.id);
        }
      }

      async function onCommand(payload: string, sig: string) {
        const checked = await checkCommand(payload, sig, { panelKey, serverId: identity.serverId, now: Date.now(), replay });
        if (!checked.ok) {
          log.warn("command refused", { code: checked.code, message: checked.message, id: checked.id });
          return send({ v: PROTOCOL_VERSION, type: "refused", id: checked.id, error: { code: checked.code, message: checked.message } });
        }
        const cmd = checked.command;
        if (cmd.kind === "call") return call(cmd);
        if (cmd.kind === "stream") return stream(cmd);
        streams.get(cmd.id)?.abort();
        resumable.cancel(cmd.id);
      }

      ws.onopen = () => send({ v: PROTOCOL_VERSION, type: "hello", serverId: identity.serverId, version: o.version, heartbeatMs: Math.round(o.heartbeatMs) });
      ws.onmessage = (event) => {
        if (finished) return;
        lastHeard = Date.now();
        const decoded = decodeFrame(panelFrameSchema, event.data as string);
        if (!decoded.ok) {
          log.warn("frame refused", { code: decoded.code, message: decoded.message });
          return send({ v: PROTOCOL_VERSION, type: "refused", id: null, error: { code: decoded.code, message: decoded.message } });
        }
        const frame = decoded.frame;
        switch (frame.type) {
          case "challenge":
            void sign(myKey, authMessage(frame.nonce, identity.serverId)).then((sig) => send({ v: PROTOCOL_VERSION, type: "auth", sig }));
            return;
          case "ack":
            return;
          case "welcome":
            attempt = 0;
            current = ws;
            log.info("connected to the panel", { panel: identity.panelUrl, server: identity.serverId });
            beat();
            heartbeat = setInterval(beat, o.heartbeatMs);
            void sample().then(beat);
            // Hand start-up garbage back before sitting idle for days: once, as a full collection
            // costs tens of ms and a reconnect leaves nothing worth it (many links share a process in bench/agents.ts).
            if (!startupCollected) (startupCollected = true), Bun.gc(true);
            o.onActivity?.();
            return;
          case "command":
            o.onActivity?.();
            void onCommand(frame.payload, frame.sig).catch((err) => log.error("command failed", { err }));
            return;
          case "refused":
            log.error("the panel refused this agent", { code: frame.error.code, message: frame.error.message });
            if (frame.error.code === "revoked" || frame.error.code === "unknown_server") revoked = true;
            return;
        }
      };
      ws.onerror = () => undefined; // onclose follows and says enough
      ws.onclose = (event) => finish(event.code, event.reason);
    });
    if (o.signal.aborted || revoked) break;
    if (attempt === 0) lostAt = Date.now(); // a welcomed connection just ended (or the first dial failed)
    const wait = backoffMs(attempt++, Date.now() - lostAt < RECENT_LOSS_MS ? RECENT_LOSS_CAP_MS : BACKOFF_CAP_MS);
    log.info("reconnecting", { inMs: Math.round(wait) });
    await new Promise<void>((r) => {
      const t = setTimeout(r, wait);
      o.signal.addEventListener("abort", () => (clearTimeout(t), r()), { once: true });
    });
  }
  resumable.stopAll();
  if (revoked) {
    log.error("this server was revoked on the panel; register it again with a new token (remove the identity file first)");
    return EXIT_REVOKED;
  }
  return 0;
}
