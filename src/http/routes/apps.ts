// Apps: Compose stacks from templates or pasted compose files. Changes answer 202 with the job.
import { z } from "zod";
import { appName } from "../../protocol/index.ts";
import { idParam, type Router } from "../route.ts";
import type { Services } from "../services.ts";

const envMap = z.record(z.string().max(128), z.string().max(10_000));
const compose = z.string().min(1).max(500_000);

export function appRoutes(r: Router, s: Services): void {
  const { apps } = s;

  r.add({
    method: "get",
    path: "/apps",
    summary: "Apps, with status derived from their containers.",
    access: "apps:read",
    query: z.object({ server: z.string().max(64).optional() }),
    handler: async (c, { query }) => c.json({ items: await apps.list(query.server) }),
  });

  r.add({
    method: "post",
    path: "/apps",
    summary: "Deploy an app from a template (templateId + variables) or from compose text (+ env).",
    access: "apps:manage",
    audit: "apps.create",
    body: z.union([
      z.object({ server: z.string().default("local"), name: appName, templateId: z.string().max(64), variables: z.record(z.string(), z.unknown()).default({}) }).strict(),
      z.object({ server: z.string().default("local"), name: appName, compose, env: envMap.default({}) }).strict(),
    ]),
    handler: async (c, { body, principal }) => {
      c.get("audit").target = `app:${body.name}`;
      const created = await apps.create(principal, body);
      return c.json(created, 202);
    },
  });

  r.add({
    method: "get",
    path: "/apps/:id",
    summary: "One app with its containers.",
    access: "apps:read",
    handler: async (c) => {
      const { containers, ...app } = await apps.get(idParam(c));
      return c.json({ app, containers });
    },
  });

  r.add({
    method: "get",
    path: "/apps/:id/compose",
    summary: "The app's docker-compose.yml as deployed (or being deployed).",
    access: "apps:read",
    handler: async (c) => c.json({ compose: await apps.compose(idParam(c)) }),
  });

  r.add({
    method: "put",
    path: "/apps/:id/compose",
    summary: "Replace the compose file: validated, then redeployed; a failed redeploy restores the previous files.",
    access: "apps:manage",
    audit: "apps.update_compose",
    body: z.object({ compose }).strict(),
    handler: async (c, { body, principal }) => {
      const id = idParam(c);
      c.get("audit").target = `app:${id}`;
      return c.json({ job: await apps.update(principal, id, { compose: body.compose }) }, 202);
    },
  });

  r.add({
    method: "get",
    path: "/apps/:id/env",
    summary: "The app's environment, secrets included (reading it is recorded in the audit log).",
    access: "apps:manage",
    handler: async (c, { principal }) => {
      const id = idParam(c);
      const env = await apps.env(id);
      await s.audit.record({ actorId: principal.userId, actor: principal.username, action: "apps.read_env", target: `app:${id}`, result: "success", requestId: c.get("requestId") });
      return c.json({ env });
    },
  });

  r.add({
    method: "put",
    path: "/apps/:id/env",
    summary: "Replace the environment and redeploy.",
    access: "apps:manage",
    audit: "apps.update_env",
    body: z.object({ env: envMap }).strict(),
    handler: async (c, { body, principal }) => {
      const id = idParam(c);
      c.get("audit").target = `app:${id}`;
      c.get("audit").details = { keys: Object.keys(body.env) }; // names only: values may be secrets
      return c.json({ job: await apps.update(principal, id, { env: body.env }) }, 202);
    },
  });

  for (const action of ["start", "stop", "restart", "redeploy"] as const) {
    r.add({
      method: "post",
      path: `/apps/:id/${action}`,
      summary: `${action[0]!.toUpperCase()}${action.slice(1)} the app (a job).`,
      access: "apps:manage",
      audit: `apps.${action}`,
      handler: async (c, { principal }) => {
        const id = idParam(c);
        c.get("audit").target = `app:${id}`;
        return c.json({ job: await apps.action(principal, id, action) }, 202);
      },
    });
  }

  r.add({
    method: "delete",
    path: "/apps/:id",
    summary: "Remove the app (type its name to confirm); volumes are kept unless asked.",
    access: "apps:manage",
    audit: "apps.remove",
    body: z.object({ confirm: z.string().max(64), removeVolumes: z.boolean().default(false) }).strict(),
    handler: async (c, { body, principal }) => {
      const id = idParam(c);
      c.get("audit").target = `app:${id}`;
      c.get("audit").details = { removeVolumes: body.removeVolumes };
      return c.json({ job: await apps.remove(principal, id, body.confirm, body.removeVolumes) }, 202);
    },
  });

  r.add({
    method: "get",
    path: "/apps/:id/jobs",
    summary: "The app's job history.",
    access: "apps:read",
    handler: async (c) => c.json({ items: await apps.jobs(idParam(c)) }),
  });
}
