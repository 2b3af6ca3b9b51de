// Agent connections: hello -> challenge -> signed answer -> online. Anything that does not
// validate is refused, audited and the connection dropped; an authenticated connection becomes
// a Target through servers.connect() and stops being one the moment it closes. Each server's
// AgentLink outlives its connections, so calls in flight ride out a reconnect. A connection
// silent for longer than three of its heartbeats counts as closed: a cut link closes nothing.
import type { AuditEntry } from "../audit/index.ts";
import { createTarget } from "../docker/index.ts";
import { randomId } from "../lib/ids.ts";
import type { Logger } from "../lib/log.ts";
import {
  agentFrameSchema,
  authMessage,
  decodeFrame,
  encodeFrame,
  importPublicKey,
  DEFAULT_HEARTBEAT_MS,
  PROTOCOL_VERSION,
  silenceLimitMs,
  verify,
  type AgentFrame,
} from "../protocol/index.ts";
import type { Servers } from "../servers/index.ts";
import { AgentLink } from "./link.ts";
import type { PanelKey } from "./keys.ts";

/** The WebSocket as the hub sees it. */
export interface AgentSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
}

export interface HubDeps {
  servers: Servers;
  panelKey: PanelKey;
  audit: (e: AuditEntry) => Promise<void>;
  log: Logger;
  /** How long a new connection has to authenticate. */
  authTimeoutMs?: number;
}

/** Close codes the agent acts on: 4403 means stop trying (revoked or unknown). */
export const CLOSE = { malformed: 1008, oversized: 1009, authFailed: 4401, revoked: 4403, replaced: 4409, timeout: 4408, silent: 4410 } as const;

interface Session {
  sock: AgentSocket;
  link?: AgentLink;
  generation?: number;
  disconnect?: () => void;
  lastHeard: number;
  silenceMs: number;
  /** The agent said its heartbeat period, so it times the link by our acks (older agents would refuse them). */
  acks: boolean;
  /** Ends the session as if the socket had closed (idempotent). */
  end: (code?: number, reason?: string) => void;
}

export function createHub(d: HubDeps) {
  const live = new Map<string, Session>();
  const links = new Map<string, AgentLink>();
  let tap: ((serverId: string, frame: string) => void) | undefined;

  // One sweep for all connections, running only while some are live.
  let sweeper: ReturnType<typeof setInterval> | undefined;
  const sweep = () => {
    const now = Date.now();
    for (const [id, s] of live) {
      if (now - s.lastHeard <= s.silenceMs) continue;
      d.log.warn("agent silent: dropping its connection", { server: id, silentMs: now - s.lastHeard });
      s.sock.close(CLOSE.silent, "no heartbeat");
      s.end(CLOSE.silent, "no heartbeat");
    }
    if (live.size === 0) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  };
  const watch = () => {
    sweeper ??= setInterval(sweep, 1000);
    sweeper.unref?.();
  };

  const audit = (action: string, target: string | null, ip: string | null, ok: boolean, details: Record<string, unknown>) =>
    d.audit({ actor: "agent", action, target, ip, result: ok ? "success" : "failure", details });

  function accept(sock: AgentSocket, ip: string | null) {
    let state: "hello" | "challenged" | "ready" | "closed" = "hello";
    let serverId: string | null = null;
    let nonce = "";
    let publicKey: CryptoKey | undefined;
    const session: Session = { sock, lastHeard: Date.now(), silenceMs: silenceLimitMs(DEFAULT_HEARTBEAT_MS), acks: false, end: () => undefined };
    const target = () => (serverId ? `server:${serverId}` : null);

    const drop = (code: number, reason: string) => {
      if (state === "closed") return;
      state = "closed";
      sock.close(code, reason);
    };
    const refuse = async (action: string, code: string, message: string, closeCode: number) => {
      d.log.warn("agent connection refused", { action, code, message, server: serverId, ip });
      await audit(action, target(), ip, false, { code, message });
      if (closeCode === CLOSE.revoked) sock.send(encodeFrame({ v: PROTOCOL_VERSION, type: "refused", error: { code, message } }));
      drop(closeCode, code);
    };
    const timer = setTimeout(() => {
      if (state !== "ready") void refuse("agents.auth", "auth_timeout", "no authentication in time", CLOSE.timeout);
    }, d.authTimeoutMs ?? 15_000);

    async function onHello(frame: AgentFrame) {
      if (frame.type !== "hello") return refuse("agents.frame_refused", "unexpected_frame", `expected hello, got ${frame.type}`, CLOSE.malformed);
      serverId = frame.serverId;
      session.silenceMs = silenceLimitMs(frame.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
      session.acks = frame.heartbeatMs !== undefined;
      const identity = await d.servers.identity(frame.serverId);
      if (!identity || !identity.publicKey) return refuse("agents.auth", "unknown_server", "no registered server with this id", CLOSE.revoked);
      if (identity.revoked) return refuse("agents.auth", "revoked", "this server was revoked", CLOSE.revoked);
      publicKey = await importPublicKey(identity.publicKey);
      nonce = randomId(32);
      state = "challenged";
      sock.send(encodeFrame({ v: PROTOCOL_VERSION, type: "challenge", nonce }));
    }

    async function onAuth(frame: AgentFrame) {
      if (frame.type !== "auth") return refuse("agents.frame_refused", "unexpected_frame", `expected auth, got ${frame.type}`, CLOSE.malformed);
      const id = serverId!;
      if (!(await verify(publicKey!, authMessage(nonce, id), frame.sig))) {
        return refuse("agents.auth", "bad_signature", "challenge signature does not verify", CLOSE.authFailed);
      }
      // Revoked while we waited for the answer: still refused.
      if ((await d.servers.identity(id))?.revoked) return refuse("agents.auth", "revoked", "this server was revoked", CLOSE.revoked);
      if (state === "closed") return;
      clearTimeout(timer);
      const old = live.get(id);
      if (old) {
        old.sock.close(CLOSE.replaced, "replaced by a newer connection");
        old.end(CLOSE.replaced, "replaced");
      }
      let link = links.get(id);
      if (!link) links.set(id, (link = new AgentLink(id, d.panelKey.key, { tap: (f) => tap?.(id, f) })));
      session.link = link;
      live.set(id, session);
      state = "ready";
      session.lastHeard = Date.now();
      watch();
      sock.send(encodeFrame({ v: PROTOCOL_VERSION, type: "welcome", serverId: id }));
      // After the welcome: calls left pending by a dropped connection go out again.
      session.generation = link.attach((text) => sock.send(text));
      session.disconnect = d.servers.connect(createTarget(id, link));
      await audit("agents.connect", target(), ip, true, {});
      d.log.info("agent connected", { server: id, ip });
    }

    function onReady(frame: AgentFrame) {
      const link = session.link!;
      switch (frame.type) {
        case "result":
          return link.deliver({ response: frame.response });
        case "stream":
          return link.deliver({ message: frame.message, seq: frame.seq });
        case "heartbeat":
          if (session.acks) sock.send(encodeFrame({ v: PROTOCOL_VERSION, type: "ack" }));
          return d.servers.heartbeat(serverId!, frame.load);
        case "refused":
          if (frame.id) link.refused(frame.id, frame.error);
          return void audit("agents.command_refused", target(), ip, false, { code: frame.error.code, message: frame.error.message, command: frame.id });
        default:
          return void refuse("agents.frame_refused", "unexpected_frame", `unexpected ${frame.type}`, CLOSE.malformed);
      }
    }

    let ended = false;
    session.end = (code, reason) => {
      clearTimeout(timer);
      state = "closed";
      if (ended) return;
      ended = true;
      // Calls in flight wait for the next connection; streams end here.
      if (session.generation !== undefined) session.link?.detach(session.generation);
      session.disconnect?.();
      if (serverId && live.get(serverId) === session) {
        live.delete(serverId);
        d.log.info("agent disconnected", { server: serverId, code, reason });
      }
    };

    // Frames are handled one at a time: a hello still being looked up must finish before the auth.
    let queue = Promise.resolve();
    return {
      message(text: string | ArrayBuffer | Uint8Array): void {
        queue = queue.then(async () => {
          if (state === "closed") return;
          session.lastHeard = Date.now();
          const decoded = decodeFrame(agentFrameSchema, text);
          if (!decoded.ok) {
            return refuse("agents.frame_refused", decoded.code, decoded.message, decoded.code === "oversized" ? CLOSE.oversized : CLOSE.malformed);
          }
          if (state === "hello") return onHello(decoded.frame);
          if (state === "challenged") return onAuth(decoded.frame);
          return onReady(decoded.frame);
        }).catch((err) => {
          d.log.error("agent frame handling failed", { err, server: serverId });
          drop(1011, "internal error");
        });
      },
      closed: (code?: number, reason?: string) => session.end(code, reason),
    };
  }

  return {
    accept,
    /** Closes the server's connection at once (after revoking it). */
    kick(serverId: string, code: number = CLOSE.revoked, reason = "revoked"): void {
      // Calls waiting for a reconnect fail too: it will not come.
      links.get(serverId)?.close("The server was revoked.");
      links.delete(serverId);
      const s = live.get(serverId);
      if (!s) return;
      if (code === CLOSE.revoked) s.sock.send(encodeFrame({ v: PROTOCOL_VERSION, type: "refused", error: { code: "revoked", message: "this server was revoked" } }));
      // Offline now, not when the close handshake completes.
      live.delete(serverId);
      s.disconnect?.();
      s.sock.close(code, reason);
    },
    connected: (serverId: string) => live.has(serverId),
    /** Test drills: see the command frames sent, push raw frames down a connection. */
    testing: {
      tap(fn: ((serverId: string, frame: string) => void) | undefined): void {
        tap = fn;
      },
      inject(serverId: string, text: string): boolean {
        const s = live.get(serverId);
        s?.sock.send(text);
        return s !== undefined;
      },
    },
    closeAll(): void {
      for (const link of links.values()) link.close("The panel is shutting down.");
      links.clear();
      for (const s of live.values()) s.sock.close(1001, "panel shutting down");
    },
  };
}

export type Hub = ReturnType<typeof createHub>;
