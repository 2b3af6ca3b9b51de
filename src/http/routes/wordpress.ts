// WordPress tools on an app: what it runs, a new site address (a job), admin password reset,
// maintenance mode, wp-config.php hardening, file permissions.
import { z } from "zod";
import { idParam, type Router } from "../route.ts";
import type { Services } from "../services.ts";

const siteUrlBody = z.object({ url: z.string().min(1).max(2048), dryRun: z.boolean().default(false) }).strict();
const passwordBody = z.object({ login: z.string().min(1).max(60).optional() }).strict();
const maintenanceBody = z.object({ enabled: z.boolean() }).strict();

export function wordpressRoutes(r: Router, s: Services): void {
  const { wordpress } = s;

  r.add({
    method: "get",
    path: "/apps/:id/wordpress",
    summary: "The app's WordPress: version, siteurl/home, table prefix, maintenance, plugins and themes with versions, hardening state. 400 not_wordpress otherwise.",
    access: "apps:read",
    handler: async (c) => c.json({ wordpress: await wordpress.info(idParam(c)) }),
  });

  r.add({
    method: "post",
    path: "/apps/:id/wordpress/site-url",
    summary: 'Move the site to a new address: search-replace of the old one across its database, then siteurl and home (job "wordpress.site-url"). dryRun counts only.',
    access: "wordpress:manage",
    audit: "wordpress.site_url",
    body: siteUrlBody,
    handler: async (c, { body, principal }) => {
      const appId = idParam(c);
      c.get("audit").target = `app:${appId}`;
      const { job, url } = await wordpress.changeSiteUrl(principal, appId, body);
      c.get("audit").details = { url, dryRun: body.dryRun, jobId: job.id };
      return c.json({ job }, 202);
    },
  });

  r.add({
    method: "post",
    path: "/apps/:id/wordpress/admin-password",
    summary: "A new generated password for a user (default: the first administrator). Shown once in the reply; never logged.",
    access: "wordpress:manage",
    audit: "wordpress.admin_password",
    body: passwordBody,
    handler: async (c, { body }) => {
      const appId = idParam(c);
      c.get("audit").target = `app:${appId}`;
      const result = await wordpress.resetAdminPassword(appId, body.login);
      c.get("audit").details = { login: result.login };
      c.header("cache-control", "no-store");
      return c.json(result);
    },
  });

  r.add({
    method: "post",
    path: "/apps/:id/wordpress/maintenance",
    summary: "Maintenance mode on (a .maintenance file that stays in force until removed) or off.",
    access: "wordpress:manage",
    audit: "wordpress.maintenance",
    body: maintenanceBody,
    handler: async (c, { body }) => {
      const appId = idParam(c);
      c.get("audit").target = `app:${appId}`;
      c.get("audit").details = { enabled: body.enabled };
      return c.json(await wordpress.maintenance(appId, body.enabled));
    },
  });

  r.add({
    method: "post",
    path: "/apps/:id/wordpress/harden",
    summary: "wp-config.php: new salts, DISALLOW_FILE_EDIT true, WP_DEBUG false; the previous file is kept as wp-config.php.serverkit-bak.",
    access: "wordpress:manage",
    audit: "wordpress.harden",
    body: z.object({}).strict(),
    handler: async (c) => {
      const appId = idParam(c);
      c.get("audit").target = `app:${appId}`;
      const result = await wordpress.harden(appId);
      c.get("audit").details = { changed: result.changed };
      return c.json(result);
    },
  });

  r.add({
    method: "get",
    path: "/apps/:id/wordpress/permissions",
    summary: "World-writable files, wp-config.php readable by others, files not owned by the web server user.",
    access: "apps:read",
    handler: async (c) => c.json(await wordpress.permissions(idParam(c))),
  });
}
