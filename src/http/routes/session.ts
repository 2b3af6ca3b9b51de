// Setup of the first owner, sign-in (with the 2FA step), sign-out and "who am I".
import type { Context } from "hono";
import { z } from "zod";
import { toPublicUser } from "../../auth/index.ts";
import { clientIp } from "../client-ip.ts";
import type { AppEnv } from "../context.ts";
import type { Router } from "../route.ts";
import { email, newPassword, username } from "../schemas.ts";
import type { Services } from "../services.ts";
import { clearSessionCookie, setSessionCookie } from "../session-cookie.ts";

export function sessionRoutes(r: Router, s: Services): void {
  const { login, sessions, users } = s.auth;
  const meta = (c: Context<AppEnv>) => ({
    ip: clientIp(c),
    userAgent: c.req.header("user-agent") ?? null,
  });

  r.add({
    method: "get",
    path: "/setup",
    summary: "Whether the first owner account still has to be created.",
    access: "public",
    handler: async (c) => c.json({ needed: await login.setupNeeded() }),
  });

  r.add({
    method: "post",
    path: "/setup",
    summary: "Create the owner account (only while no user exists) and sign in.",
    access: "public",
    audit: "auth.setup",
    body: z.object({ username, password: newPassword, email: email.optional() }).strict(),
    handler: async (c, { body }) => {
      c.get("audit").actor = body.username;
      const signedIn = await login.setup(body, meta(c));
      c.get("audit").actorId = signedIn.user.id;
      setSessionCookie(c, signedIn.cookieValue, signedIn.expiresAt);
      return c.json({ user: toPublicUser(signedIn.user), csrfToken: signedIn.csrfToken }, 201);
    },
  });

  r.add({
    method: "post",
    path: "/auth/login",
    summary: "Sign in with username and password; asks for a 2FA code when enabled.",
    access: "public",
    audit: "auth.login",
    body: z.object({ username: z.string().trim().toLowerCase().min(1).max(64), password: z.string().min(1).max(256) }).strict(),
    handler: async (c, { body }) => {
      c.get("audit").actor = body.username;
      const outcome = await login.login(body, meta(c));
      c.get("audit").actorId = outcome.user.id;
      if (outcome.kind === "two_factor") {
        c.get("audit").details = { step: "password_ok_2fa_required" };
        return c.json({ twoFactorRequired: true, challenge: outcome.challenge });
      }
      setSessionCookie(c, outcome.cookieValue, outcome.expiresAt);
      return c.json({ user: toPublicUser(outcome.user), csrfToken: outcome.csrfToken });
    },
  });

  r.add({
    method: "post",
    path: "/auth/login/2fa",
    summary: "Second sign-in step: a TOTP code or a recovery code.",
    access: "public",
    audit: "auth.login_2fa",
    body: z.object({ challenge: z.string().min(1).max(2000), code: z.string().trim().min(6).max(32) }).strict(),
    handler: async (c, { body }) => {
      const signedIn = await login.completeTwoFactor(body, meta(c));
      Object.assign(c.get("audit"), { actor: signedIn.user.username, actorId: signedIn.user.id, details: { method: signedIn.method } });
      setSessionCookie(c, signedIn.cookieValue, signedIn.expiresAt);
      return c.json({ user: toPublicUser(signedIn.user), csrfToken: signedIn.csrfToken });
    },
  });

  r.add({
    method: "post",
    path: "/auth/logout",
    summary: "End this browser session.",
    access: "authenticated",
    audit: "auth.logout",
    handler: async (c, { principal }) => {
      if (principal.sessionId) await sessions.destroy(principal.sessionId);
      clearSessionCookie(c);
      return c.body(null, 204);
    },
  });

  r.add({
    method: "get",
    path: "/auth/me",
    summary: "The signed-in user and the CSRF token for this session.",
    access: "authenticated",
    handler: async (c, { principal }) =>
      c.json({ user: toPublicUser(await users.get(principal.userId)), csrfToken: principal.csrfToken ?? null }),
  });
}
