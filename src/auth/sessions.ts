// Browser sessions: a random cookie value, stored only as its hash, with a CSRF token bound to it.
import { sha256 } from "../lib/crypto.ts";
import { randomId } from "../lib/ids.ts";
import type { Principal } from "./principal.ts";
import type { AuthRepo, UserRow } from "./repo.ts";

export interface SessionMeta {
  ip: string | null;
  userAgent: string | null;
}

/** Touching last_seen on every request would write on every read; once a minute is plenty. */
const TOUCH_INTERVAL_MS = 60_000;

export class Sessions {
  constructor(
    private readonly repo: AuthRepo,
    private readonly ttlMs: number,
  ) {}

  async create(user: UserRow, meta: SessionMeta): Promise<{ cookieValue: string; csrfToken: string; expiresAt: number }> {
    const cookieValue = randomId(32);
    const csrfToken = randomId(24);
    const now = Date.now();
    const expiresAt = now + this.ttlMs;
    await this.repo.insertSession({
      id: sha256(cookieValue),
      userId: user.id,
      csrfToken,
      createdAt: now,
      expiresAt,
      lastSeenAt: now,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    });
    await this.repo.updateUser(user.id, { lastLoginAt: now });
    return { cookieValue, csrfToken, expiresAt };
  }

  async resolve(cookieValue: string): Promise<Principal | undefined> {
    const found = await this.repo.sessionWithUser(sha256(cookieValue));
    if (!found || found.user.disabled) return undefined;
    const now = Date.now();
    if (now - found.session.lastSeenAt > TOUCH_INTERVAL_MS) await this.repo.touchSession(found.session.id, now);
    return {
      userId: found.user.id,
      username: found.user.username,
      role: found.user.role,
      via: "session",
      sessionId: found.session.id,
      csrfToken: found.session.csrfToken,
    };
  }

  destroy = (sessionId: string) => this.repo.deleteSession(sessionId);
  /** After a password change or 2FA change: every other browser signs in again. */
  destroyOthers = (userId: number, keepSessionId?: string) => this.repo.deleteUserSessions(userId, keepSessionId);
}
