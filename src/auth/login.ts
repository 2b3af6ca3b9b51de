// First-owner setup and sign-in (password, then a TOTP or recovery code when 2FA is on).
// jose is loaded on the first 2FA sign-in, not at start (resident memory on an idle panel).
const jose = () => import("jose");
import type { SecretBox } from "../lib/crypto.ts";
import { challengeInvalid, invalidCode, invalidCredentials, setupComplete, tooManyAttempts } from "./errors.ts";
import { burnVerify, hashPassword, verifyPassword } from "./passwords.ts";
import type { AuthRepo, UserRow } from "./repo.ts";
import type { SessionMeta, Sessions } from "./sessions.ts";
import type { Throttle } from "./throttle.ts";
import type { TwoFactor } from "./totp.ts";

export type SignedIn = { kind: "session"; user: UserRow; cookieValue: string; csrfToken: string; expiresAt: number };
export type LoginOutcome = SignedIn | { kind: "two_factor"; user: UserRow; challenge: string };

const CHALLENGE_TTL = "5m";

export class Login {
  private readonly challengeKey: Uint8Array;

  constructor(
    private readonly repo: AuthRepo,
    private readonly sessions: Sessions,
    private readonly twoFactor: TwoFactor,
    private readonly throttle: Throttle,
    box: SecretBox,
  ) {
    this.challengeKey = box.deriveKey("login-2fa-challenge");
  }

  setupNeeded = async () => (await this.repo.countUsers()) === 0;

  async setup(input: { username: string; password: string; email?: string | null }, meta: SessionMeta): Promise<SignedIn> {
    const passwordHash = await hashPassword(input.password);
    const user = await this.repo.insertFirstOwner({ username: input.username, email: input.email ?? null, passwordHash });
    if (!user) throw setupComplete();
    return { kind: "session", user, ...(await this.sessions.create(user, meta)) };
  }

  async login(input: { username: string; password: string }, meta: SessionMeta): Promise<LoginOutcome> {
    const keys = this.keys(input.username, meta.ip);
    const wait = this.throttle.retryAfter(keys);
    if (wait > 0) throw tooManyAttempts(wait);
    const user = await this.repo.userByUsername(input.username);
    if (!user) await burnVerify(input.password);
    const ok = user !== undefined && !user.disabled && (await verifyPassword(input.password, user.passwordHash));
    if (!ok || !user) {
      this.throttle.fail(keys);
      throw invalidCredentials();
    }
    if (user.totpEnabled) {
      const challenge = await new (await jose()).SignJWT({ purpose: "2fa" })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(String(user.id))
        .setIssuedAt()
        .setExpirationTime(CHALLENGE_TTL)
        .sign(this.challengeKey);
      return { kind: "two_factor", user, challenge };
    }
    this.throttle.succeed(keys);
    return { kind: "session", user, ...(await this.sessions.create(user, meta)) };
  }

  /** Second step. Failures count against the same throttle as passwords. */
  async completeTwoFactor(input: { challenge: string; code: string }, meta: SessionMeta): Promise<SignedIn & { method: string }> {
    let userId: number;
    try {
      const { payload } = await (await jose()).jwtVerify(input.challenge, this.challengeKey, { algorithms: ["HS256"] });
      if (payload.purpose !== "2fa") throw new Error("wrong purpose");
      userId = Number(payload.sub);
    } catch {
      throw challengeInvalid();
    }
    const user = await this.repo.userById(userId);
    if (!user || user.disabled) throw invalidCode();
    const keys = this.keys(user.username, meta.ip);
    const wait = this.throttle.retryAfter(keys);
    if (wait > 0) throw tooManyAttempts(wait);
    let method: string;
    try {
      method = await this.twoFactor.verify(user, input.code);
    } catch (err) {
      this.throttle.fail(keys);
      throw err;
    }
    this.throttle.succeed(keys);
    return { kind: "session", user, method, ...(await this.sessions.create(user, meta)) };
  }

  private keys(username: string, ip: string | null): string[] {
    return [`user:${username.toLowerCase()}`, ...(ip ? [`ip:${ip}`] : [])];
  }
}
