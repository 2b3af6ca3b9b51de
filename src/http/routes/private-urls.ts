// Private URLs: share an app that has no domain yet at /p/<token>/ on the server's default vhost.
import { z } from "zod";
import { basicAuthSchema } from "../../proxy/index.ts";
import { idParam, type Router } from "../route.ts";
import type { Services } from "../services.ts";

export function privateUrlRoutes(r: Router, s: Services): void {
  const { privateUrls } = s.domains;

  r.add({
    method: "get",
    path: "/private-urls",
    summary: "Private URLs, optionally of one app.",
    access: "apps:read",
    query: z.object({ app: z.coerce.number().int().positive().optional() }),
    handler: async (c, { query }) => c.json({ items: await privateUrls.list(query.app) }),
  });

  r.add({
    method: "post",
    path: "/private-urls",
    summary: "Create a private URL to an app (its first published port unless given), with optional basic auth.",
    access: "apps:manage",
    audit: "private_urls.create",
    body: z.object({ appId: z.number().int().positive(), port: z.number().int().min(1).max(65535).optional(), basicAuth: basicAuthSchema.optional() }).strict(),
    handler: async (c, { body }) => {
      c.get("audit").target = `app:${body.appId}`;
      const privateUrl = await privateUrls.create(body);
      c.get("audit").details = { id: privateUrl.id, basicAuth: privateUrl.basicAuthUser !== null };
      return c.json({ privateUrl }, 201);
    },
  });

  r.add({
    method: "delete",
    path: "/private-urls/:id",
    summary: "Revoke a private URL: nginx stops serving it at once.",
    access: "apps:manage",
    audit: "private_urls.revoke",
    handler: async (c) => {
      const id = idParam(c);
      c.get("audit").target = `private_url:${id}`;
      return c.json({ privateUrl: await privateUrls.revoke(id) });
    },
  });
}
