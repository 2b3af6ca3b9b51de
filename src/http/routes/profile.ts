// The signed-in user's own account: password, 2FA and API tokens.
import { z } from "zod";
import { idParam, type Router } from "../route.ts";
import { newPassword } from "../schemas.ts";
import type { Services } from "../services.ts";
import { DomainError } from "../../lib/errors.ts";

export function profileRoutes(r: Router, s: Services): void {
  const { users, twoFactor, tokens, sessions } = s.auth;

  r.add({
    method: "post",
    path: "/auth/password",
    summary: "Change your password; signs out your other sessions.",
    access: "profile:manage",
    audit: "profile.password_change",
    body: z.object({ currentPassword: z.string().min(1).max(256), newPassword }).strict(),
    handler: async (c, { body, principal }) => {
      await users.changePassword(principal, body.currentPassword, body.newPassword);
      return c.body(null, 204);
    },
  });

  r.add({
    method: "post",
    path: "/auth/2fa/enroll",
    summary: "Start 2FA enrolment: a new secret and its QR code.",
    access: "profile:manage",
    audit: "profile.2fa_enroll",
    handler: async (c, { principal }) => c.json(await twoFactor.enroll(await users.get(principal.userId))),
  });

  r.add({
    method: "post",
    path: "/auth/2fa/enable",
    summary: "Confirm enrolment with a code; returns 10 one-time recovery codes.",
    access: "profile:manage",
    audit: "profile.2fa_enable",
    body: z.object({ code: z.string().trim().regex(/^\d{6}$/, "six digits") }).strict(),
    handler: async (c, { body, principal }) => {
      const recoveryCodes = await twoFactor.enable(await users.get(principal.userId), body.code);
      await sessions.destroyOthers(principal.userId, principal.sessionId);
      return c.json({ recoveryCodes });
    },
  });

  r.add({
    method: "post",
    path: "/auth/2fa/disable",
    summary: "Turn 2FA off (asks for your password).",
    access: "profile:manage",
    audit: "profile.2fa_disable",
    body: z.object({ password: z.string().min(1).max(256) }).strict(),
    handler: async (c, { body, principal }) => {
      await users.confirmPassword(principal.userId, body.password);
      await twoFactor.disable(principal.userId);
      return c.body(null, 204);
    },
  });

  r.add({
    method: "get",
    path: "/tokens",
    summary: "Your API tokens (never the secret part).",
    access: "profile:manage",
    handler: async (c, { principal }) => c.json({ items: await tokens.list(principal.userId) }),
  });

  r.add({
    method: "post",
    path: "/tokens",
    summary: "Create an API token; the token is in this reply only.",
    access: "profile:manage",
    audit: "tokens.create",
    body: z
      .object({
        name: z.string().trim().min(1).max(64),
        scope: z.enum(["read", "write"]),
        expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
      })
      .strict(),
    handler: async (c, { body, principal }) => {
      // A token must not outrank its maker's session: tokens cannot create tokens.
      if (principal.via === "token") throw new DomainError("forbidden", "token_cannot_create_token", "Create API tokens from a signed-in session.");
      const created = await tokens.create(principal.userId, body);
      c.get("audit").target = `token:${created.item.id} ${created.item.name}`;
      return c.json(created, 201);
    },
  });

  r.add({
    method: "delete",
    path: "/tokens/:id",
    summary: "Revoke one of your API tokens.",
    access: "profile:manage",
    audit: "tokens.revoke",
    handler: async (c, { principal }) => {
      const id = idParam(c);
      c.get("audit").target = `token:${id}`;
      await tokens.revoke(principal.userId, id);
      return c.body(null, 204);
    },
  });
}
