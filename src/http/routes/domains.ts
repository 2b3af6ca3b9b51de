// Domains: hostnames proxied by nginx to apps. Changes apply synchronously (a reload takes
// milliseconds); a refused config answers with nginx's own text and leaves the old one live.
import { z } from "zod";
import { domainOptionsSchema } from "../../proxy/index.ts";
import { can } from "../../auth/roles.ts";
import { forbidden } from "../../lib/errors.ts";
import type { Principal } from "../../auth/index.ts";
import { idParam, type Router } from "../route.ts";
import type { Services } from "../services.ts";

// Loose here on purpose: the proxy domain validates names itself and answers `invalid_hostname`.
const name = z.string().max(300);
const port = z.number().int().min(1).max(65535);
const options = domainOptionsSchema.partial();

/** The custom snippet reaches the nginx every domain shares: owners only. */
function guardSnippet(principal: Principal | undefined, opts: { snippet?: string } | undefined, current = ""): void {
  // Clearing a snippet or sending back the one already there is allowed to anyone who may manage the domain.
  const wanted = opts?.snippet;
  if (wanted !== undefined && wanted !== "" && wanted !== current && !(principal && can(principal.role, "domains:snippet"))) {
    throw forbidden("snippet_owner_only", "Only owners may set a custom nginx snippet.");
  }
}

export function domainRoutes(r: Router, s: Services): void {
  const { domains } = s;

  r.add({
    method: "get",
    path: "/domains",
    summary: "Domains, optionally of one app.",
    access: "apps:read",
    query: z.object({ app: z.coerce.number().int().positive().optional() }),
    handler: async (c, { query }) => c.json({ items: await domains.list(query.app) }),
  });

  r.add({
    method: "post",
    path: "/domains",
    summary: "Connect a hostname to an app (upstream: the app's first published port unless given).",
    access: "apps:manage",
    audit: "domains.create",
    body: z.object({ appId: z.number().int().positive(), hostname: name, aliases: z.array(name).max(50).optional(), port: port.optional(), options: options.optional() }).strict(),
    handler: async (c, { body, principal }) => {
      guardSnippet(principal, body.options);
      c.get("audit").target = `app:${body.appId}`;
      c.get("audit").details = { hostname: body.hostname.slice(0, 300) };
      return c.json({ domain: await domains.add(body) }, 201);
    },
  });

  r.add({
    method: "get",
    path: "/domains/:id",
    summary: "One domain.",
    access: "apps:read",
    handler: async (c) => c.json({ domain: await domains.get(idParam(c)) }),
  });

  r.add({
    method: "patch",
    path: "/domains/:id",
    summary: "Change aliases, upstream port or options; the vhost is re-applied.",
    access: "apps:manage",
    audit: "domains.update",
    body: z.object({ aliases: z.array(name).max(50).optional(), port: port.optional(), options: options.optional() }).strict(),
    handler: async (c, { body, principal }) => {
      const id = idParam(c);
      if (body.options?.snippet !== undefined) guardSnippet(principal, body.options, (await domains.get(id)).options.snippet);
      c.get("audit").target = `domain:${id}`;
      return c.json({ domain: await domains.change(id, body) });
    },
  });

  r.add({
    method: "delete",
    path: "/domains/:id",
    summary: "Disconnect a domain: its vhost and link are removed and nginx reloaded.",
    access: "apps:manage",
    audit: "domains.remove",
    handler: async (c) => {
      const id = idParam(c);
      c.get("audit").target = `domain:${id}`;
      return c.json({ domain: await domains.remove(id) });
    },
  });

  r.add({
    method: "get",
    path: "/domains/:id/dns",
    summary: "A/AAAA records of the domain's names compared with the server's addresses (warnings only).",
    access: "apps:read",
    handler: async (c) => c.json(await domains.dns(idParam(c))),
  });

  r.add({
    method: "get",
    path: "/domains/:id/diagnose",
    summary: "The 502 checklist: container running, port published and answering, vhost port, nginx -t, error log.",
    access: "apps:read",
    handler: async (c) => c.json(await domains.diagnose(idParam(c))),
  });
}
