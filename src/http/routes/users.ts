// User administration (owners and admins).
import { z } from "zod";
import { toPublicUser } from "../../auth/index.ts";
import { idParam, type Router } from "../route.ts";
import { email, newPassword, role, username } from "../schemas.ts";
import type { Services } from "../services.ts";

export function userRoutes(r: Router, s: Services): void {
  const { users } = s.auth;

  r.add({
    method: "get",
    path: "/users",
    summary: "All users.",
    access: "users:read",
    handler: async (c) => c.json({ items: (await users.list()).map(toPublicUser) }),
  });

  r.add({
    method: "post",
    path: "/users",
    summary: "Create a user with a role below your own.",
    access: "users:manage",
    audit: "users.create",
    body: z.object({ username, password: newPassword, email: email.nullable().optional(), role }).strict(),
    handler: async (c, { body, principal }) => {
      c.get("audit").target = `user:${body.username}`;
      const user = await users.create(principal, body);
      return c.json({ user: toPublicUser(user) }, 201);
    },
  });

  r.add({
    method: "patch",
    path: "/users/:id",
    summary: "Change a user's role, email or disabled flag.",
    access: "users:manage",
    audit: "users.update",
    body: z.object({ role: role.optional(), disabled: z.boolean().optional(), email: email.nullable().optional() }).strict(),
    handler: async (c, { body, principal }) => {
      const id = idParam(c);
      c.get("audit").target = `user:${id}`;
      c.get("audit").details = { ...body };
      const user = await users.update(principal, id, body);
      c.get("audit").target = `user:${user.username}`;
      return c.json({ user: toPublicUser(user) });
    },
  });

  r.add({
    method: "delete",
    path: "/users/:id",
    summary: "Delete a user (not yourself, not someone of your rank or above).",
    access: "users:manage",
    audit: "users.delete",
    handler: async (c, { principal }) => {
      const id = idParam(c);
      c.get("audit").target = `user:${id}`;
      const removed = await users.remove(principal, id);
      c.get("audit").target = `user:${removed.username}`;
      return c.body(null, 204);
    },
  });
}
