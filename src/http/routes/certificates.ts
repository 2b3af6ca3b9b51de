// Certificates of domains and the panel-wide ACME settings. Obtaining and renewing are jobs
// (the CA can take a while); an upload is validated and installed at once.
import { z } from "zod";
import { settingsChangeSchema } from "../../tls/index.ts";
import { idParam, type Router } from "../route.ts";
import type { Services } from "../services.ts";

const PEM_MAX = 64 * 1024;

export function certificateRoutes(r: Router, s: Services): void {
  const { tls, domains } = s;

  r.add({
    method: "post",
    path: "/domains/:id/certificate",
    summary: "Obtain or force-renew an ACME certificate (a job). Wildcard names need dns-01.",
    access: "apps:manage",
    audit: "certificates.issue",
    body: z.object({ challenge: z.enum(["http-01", "dns-01"]).optional() }).strict(),
    handler: async (c, { body, principal }) => {
      const id = idParam(c);
      c.get("audit").target = `domain:${id}`;
      const job = await tls.issue(id, body.challenge, principal?.username ?? null);
      c.get("audit").details = { jobId: job.id };
      return c.json({ job, domain: await domains.get(id) }, 202);
    },
  });

  r.add({
    method: "put",
    path: "/domains/:id/certificate",
    summary: "Upload a certificate chain and key (validated: key matches, chain complete, names covered).",
    access: "apps:manage",
    audit: "certificates.upload",
    body: z.object({ certificate: z.string().min(1).max(PEM_MAX), key: z.string().min(1).max(PEM_MAX) }).strict(),
    handler: async (c, { body }) => {
      const id = idParam(c);
      c.get("audit").target = `domain:${id}`;
      await tls.upload(id, body.certificate, body.key);
      return c.json({ domain: await domains.get(id) });
    },
  });

  r.add({
    method: "delete",
    path: "/domains/:id/certificate",
    summary: "Remove the certificate: the domain goes back to plain HTTP.",
    access: "apps:manage",
    audit: "certificates.remove",
    handler: async (c) => {
      const id = idParam(c);
      c.get("audit").target = `domain:${id}`;
      await tls.remove(id);
      return c.json({ domain: await domains.get(id) });
    },
  });

  r.add({
    method: "get",
    path: "/tls/settings",
    summary: "ACME directory, contact email and whether a Cloudflare token is set.",
    access: "apps:read",
    handler: async (c) => c.json(await tls.settings.get()),
  });

  r.add({
    method: "put",
    path: "/tls/settings",
    summary: "Change the ACME directory, contact email or Cloudflare API settings (the token is write-only).",
    access: "tls:settings",
    audit: "tls.settings",
    body: settingsChangeSchema,
    handler: async (c, { body }) => c.json(await tls.settings.change(body)),
  });
}
