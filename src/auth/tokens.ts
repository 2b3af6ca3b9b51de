// API tokens: "sk_" + 256 random bits, shown once, stored as a hash, scoped read or write.
import { sha256 } from "../lib/crypto.ts";
import { randomId } from "../lib/ids.ts";
import { iso } from "../lib/time.ts";
import { notFound } from "../lib/errors.ts";
import type { Principal } from "./principal.ts";
import type { AuthRepo, TokenRow } from "./repo.ts";

export interface PublicToken {
  id: number;
  name: string;
  scope: "read" | "write";
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

const toPublic = (t: TokenRow): PublicToken => ({
  id: t.id,
  name: t.name,
  scope: t.scope,
  prefix: t.prefix,
  createdAt: iso(t.createdAt)!,
  expiresAt: iso(t.expiresAt),
  lastUsedAt: iso(t.lastUsedAt),
});

export class ApiTokens {
  constructor(private readonly repo: AuthRepo) {}

  async create(
    userId: number,
    input: { name: string; scope: "read" | "write"; expiresInDays?: number | null },
  ): Promise<{ token: string; item: PublicToken }> {
    const token = "sk_" + randomId(32);
    const now = Date.now();
    const row = await this.repo.insertToken({
      userId,
      name: input.name,
      scope: input.scope,
      prefix: token.slice(0, 10),
      tokenHash: sha256(token),
      createdAt: now,
      expiresAt: input.expiresInDays ? now + input.expiresInDays * 86_400_000 : null,
    });
    return { token, item: toPublic(row) };
  }

  list = async (userId: number) => (await this.repo.listTokens(userId)).map(toPublic);

  async revoke(userId: number, id: number): Promise<void> {
    if (!(await this.repo.deleteToken(userId, id))) throw notFound("token_not_found", "No such token.");
  }

  /** undefined for unknown, expired or disabled-user tokens: the caller answers 401 either way. */
  async resolve(token: string): Promise<Principal | undefined> {
    if (!token.startsWith("sk_")) return undefined;
    const found = await this.repo.tokenWithUser(sha256(token));
    if (!found || found.user.disabled) return undefined;
    const now = Date.now();
    if (found.token.expiresAt !== null && found.token.expiresAt <= now) return undefined;
    if (!found.token.lastUsedAt || now - found.token.lastUsedAt > 60_000) await this.repo.touchToken(found.token.id, now);
    return {
      userId: found.user.id,
      username: found.user.username,
      role: found.user.role,
      via: "token",
      tokenScope: found.token.scope,
    };
  }
}
