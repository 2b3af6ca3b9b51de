// The auth domain's public face.
import type { Db } from "../db/index.ts";
import type { SecretBox } from "../lib/crypto.ts";
import { Login } from "./login.ts";
import { AuthRepo } from "./repo.ts";
import { Sessions } from "./sessions.ts";
import { Throttle } from "./throttle.ts";
import { ApiTokens } from "./tokens.ts";
import { TwoFactor } from "./totp.ts";
import { Users } from "./users.ts";

export interface AuthOptions {
  sessionTtlHours: number;
  maxFailedLogins: number;
}

export function createAuth(db: Db, box: SecretBox, opts: AuthOptions) {
  const repo = new AuthRepo(db);
  const sessions = new Sessions(repo, opts.sessionTtlHours * 3_600_000);
  const twoFactor = new TwoFactor(repo, box);
  const throttle = new Throttle(opts.maxFailedLogins);
  return {
    sessions,
    twoFactor,
    tokens: new ApiTokens(repo),
    users: new Users(repo, sessions),
    login: new Login(repo, sessions, twoFactor, throttle, box),
    cleanup: () => repo.deleteExpiredSessions(),
  };
}

export type Auth = ReturnType<typeof createAuth>;
export { toPublicUser, type Principal, type PublicUser } from "./principal.ts";
export { can, canAssign, permissions, roles, roleAtLeast, type Permission, type Role } from "./roles.ts";
export { currentCode } from "./totp.ts";
export type { PublicToken } from "./tokens.ts";
export type { UserRow } from "./repo.ts";
