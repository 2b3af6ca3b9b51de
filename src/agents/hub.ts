// Agent connections: hello -> challenge -> signed answer -> online. Anything that does not
// validate is refused, audited and the connection dropped; an authenticated connection becomes
// a Target through servers.connect() and stops being one the moment it closes.
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
  PROTOCOL_VERSION,
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
export const CLOSE = { malformed: 1008, oversized: 1009, authFailed: 4401, revoked: 4403, replaced: 4409, timeout: 4408 } as const;

interface Session {
  sock: AgentSocket;
  link?: AgentLink;
  disconnect?: () => void;
}

export function createHub(d: HubDeps) {
  const live = new Map<string, Session>();
  let tap: ((serverId: string, frame: string) => void) | undefined;

  const audit = (action: string, target: string | null, ip: string | null, ok: boolean, details: Record<string, unknown>) =>
    d.audit({ actor: "agent", action, target, ip, result: ok ? "success" : "failure", details });

  function accept(sock: AgentSocket, ip: string | null) {
    let state: "hello" | "challenged" | "ready" | "closed" = "hello";
    let serverId: string | null = null;
    let nonce = "";
    let publicKey: CryptoKey | undefined;
    const session: Session = { sock };
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
      live.get(id)?.sock.close(CLOSE.replaced, "replaced by a newer connection");
      session.link = new AgentLink(id, d.panelKey.key, (text) => sock.send(text), (f) => tap?.(id, f));
      session.disconnect = d.servers.connect(createTarget(id, session.link));
      live.set(id, session);
      state = "ready";
      sock.send(encodeFrame({ v: PROTOCOL_VERSION, type: "welcome", serverId: id }));
      await audit("agents.connect", target(), ip, true, {});
      d.log.info("agent connected", { server: id, ip });
    }

    function onReady(frame: AgentFrame) {
      const link = session.link!;
      switch (frame.type) {
        case "result":
          return link.deliver({ response: frame.response });
        case "stream":
          return link.deliver({ message: frame.message });
        case "heartbeat":
          return d.servers.heartbeat(serverId!, frame.load);
        case "refused":
          if (frame.id) link.refused(frame.id, frame.error);
          return void audit("agents.command_refused", target(), ip, false, { code: frame.error.code, message: frame.error.message, command: frame.id });
        default:
          return void refuse("agents.frame_refused", "unexpected_frame", `unexpected ${frame.type}`, CLOSE.malformed);
      }
    }

    // Frames are handled one at a time: a hello still being looked up must finish before the auth.
    let queue = Promise.resolve();
    return {
      message(text: string | ArrayBuffer | Uint8Array): void {
        queue = queue.then(async () => {
          if (state === "closed") return;
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
      closed(code?: number, reason?: string): void {
        clearTimeout(timer);
        state = "closed";
        session.link?.close();
        session.disconnect?.();
        if (serverId && live.get(serverId) === session) {
          live.delete(serverId);
          d.log.info("agent disconnected", { server: serverId, code, reason });
        }
      },
    };
  }

  return {
    accept,
    /** Closes the server's connection at once (after revoking it). */
    kick(serverId: string, code: number = CLOSE.revoked, reason = "revoked"): void {
      const s = live.get(serverId);
      if (!s) return;
      if (code === CLOSE.revoked) s.sock.send(encodeFrame({ v: PROTOCOL_VERSION, type: "refused", error: { code: "revoked", message: "this server was revoked" } }));
      // Offline now, not when the close handshake completes.
      live.delete(serverId);
      s.link?.close("The server was revoked.");
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
      for (const s of live.values()) s.sock.close(1001, "panel shutting down");
    },
  };
}

export type Hub = ReturnType<typeof createHub>;
