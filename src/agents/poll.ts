// HTTPS long-poll carriage for agents whose egress blocks WebSocket. A poll session stands in
// for the socket: the hub sees the same AgentSocket and runs the same handshake, signatures and
// commands over it. The agent posts its frames in order and long-polls for the panel's. The
// session id only names the carriage; who is at the other end is still proven by the signed
// challenge, and every command by its signature.
import { notFound } from "../lib/errors.ts";
import { randomId } from "../lib/ids.ts";
import type { AgentSocket } from "./hub.ts";

interface Conn {
  message(text: string): void;
  closed(code?: number, reason?: string): void;
}

interface PollSession {
  conn: Conn;
  outbox: string[];
  closed?: { code: number; reason: string };
  wake?: () => void;
  lastSeen: number;
}

export interface PollOptions {
  /** A session nobody polls for this long is over (the agent went away without saying so). */
  idleMs?: number;
  /** The longest a receive waits for frames. */
  maxWaitMs?: number;
}

export function createPollSessions(accept: (sock: AgentSocket, ip: string | null) => Conn, o: PollOptions = {}) {
  const sessions = new Map<string, PollSession>();
  const idleMs = o.idleMs ?? 90_000;
  const maxWaitMs = o.maxWaitMs ?? 25_000;

  let sweeper: ReturnType<typeof setInterval> | undefined;
  const sweep = () => {
    const now = Date.now();
    for (const [id, s] of sessions) {
      if (now - s.lastSeen < idleMs) continue;
      sessions.delete(id);
      s.conn.closed(1006, "poll session idle");
    }
    if (sessions.size === 0) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  };

  function get(id: string): PollSession {
    const s = sessions.get(id);
    if (!s) throw notFound("poll_session_gone", "No such poll session (it ended or was never opened).");
    s.lastSeen = Date.now();
    return s;
  }

  return {
    open(ip: string | null): string {
      const id = randomId(24);
      const s: PollSession = { conn: { message: () => undefined, closed: () => undefined }, outbox: [], lastSeen: Date.now() };
      s.conn = accept(
        {
          send(text) {
            if (s.closed) return;
            s.outbox.push(text);
            s.wake?.();
          },
          // The hub closed it: it is over on the panel's side now; the agent hears on its next receive.
          close(code, reason) {
            if (s.closed) return;
            s.closed = { code, reason };
            s.wake?.();
            queueMicrotask(() => s.conn.closed(code, reason));
          },
        },
        ip,
      );
      sessions.set(id, s);
      sweeper ??= setInterval(sweep, Math.min(5_000, idleMs));
      sweeper.unref?.();
      return id;
    },

    /** The agent's frames, in the order it sent them. */
    send(id: string, frames: string[]): void {
      const s = get(id);
      if (s.closed) return;
      for (const f of frames) s.conn.message(f);
    },

    /** The panel's frames waiting for the agent; waits up to `waitMs` when there are none. */
    async receive(id: string, waitMs: number): Promise<{ frames: string[]; closed: { code: number; reason: string } | null }> {
      const s = get(id);
      if (s.outbox.length === 0 && !s.closed) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(Math.max(waitMs, 0), maxWaitMs));
          s.wake = () => (clearTimeout(timer), resolve());
        });
        s.wake = undefined;
        s.lastSeen = Date.now();
      }
      const frames = s.outbox.splice(0);
      if (s.closed && sessions.get(id) === s) sessions.delete(id);
      return { frames, closed: s.closed ?? null };
    },

    /** The agent is leaving. */
    close(id: string, code = 1000, reason = "agent closed"): void {
      const s = sessions.get(id);
      if (!s) return;
      sessions.delete(id);
      s.closed ??= { code, reason };
      s.wake?.();
      s.conn.closed(code, reason);
    },

    closeAll(): void {
      for (const id of [...sessions.keys()]) this.close(id, 1001, "panel shutting down");
    },

    get size(): number {
      return sessions.size;
    },
  };
}

export type PollSessions = ReturnType<typeof createPollSessions>;
