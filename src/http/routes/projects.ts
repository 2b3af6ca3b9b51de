// Projects, their environments and serverkit.yaml (issue #9).
//   GET    /projects                      projects:read     {items}
//   POST   /projects                      projects:manage   {name, description?} -> 201 {project}
//   GET    /projects/:id                  projects:read     {project}
//   PATCH  /projects/:id                  projects:manage   {name?, description?}
//   DELETE /projects/:id                  projects:manage
//   PUT    /projects/:id/config           projects:manage   {yaml}: uploaded file takes over
//   POST   /projects/:id/config/app       projects:manage   {appId}: the app folder's file takes over
//   DELETE /projects/:id/config           projects:manage   back to editing in the panel
//   GET    /projects/:id/config.yaml      projects:read     settings as serverkit.yaml
//   POST   /projects/:id/environments     projects:manage   -> 201 {environment}
//   PATCH  /environments/:id              projects:manage
//   DELETE /environments/:id              projects:manage
import { z } from "zod";
import { domainSchema, envNameSchema, syncRulesSchema } from "../../projects/index.ts";
import { idParam, type Router } from "../route.ts";
import type { Services } from "../services.ts";

const projectInput = z.object({ name: z.string().trim().min(1).max(80), description: z.string().max(2000).optional() }).strict();
const projectPatch = z.object({ name: z.string().trim().min(1).max(80).optional(), description: z.string().max(2000).optional() }).strict();
const environmentInput = z
  .object({ name: envNameSchema, appId: z.number().int().positive(), domain: domainSchema.nullable().optional(), sync: syncRulesSchema.nullable().optional() })
  .strict();
const environmentPatch = z
  .object({
    name: envNameSchema.optional(),
    appId: z.number().int().positive().optional(),
    domain: domainSchema.nullable().optional(),
    position: z.number().int().min(0).max(1000).optional(),
    sync: syncRulesSchema.nullable().optional(),
  })
  .strict();

export function projectRoutes(r: Router, s: Services): void {
  const { projects } = s;

  r.add({ method: "get", path: "/projects", summary: "Projects with their environments.", access: "projects:read", handler: async (c) => c.json({ items: await projects.list() }) });

  r.add({
    method: "post",
    path: "/projects",
    summary: "Create a project; add environments next (or upload a serverkit.yaml).",
    access: "projects:manage",
    audit: "projects.create",
    body: projectInput,
    handler: async (c, { body }) => {
      const project = await projects.create(body);
      c.get("audit").target = `project:${project.id}`;
      c.get("audit").details = { name: body.name };
      return c.json({ project }, 201);
    },
  });

  r.add({ method: "get", path: "/projects/:id", summary: "One project.", access: "projects:read", handler: async (c) => c.json({ project: await projects.get(idParam(c)) }) });

  r.add({
    method: "patch",
    path: "/projects/:id",
    summary: "Rename a project or change its description.",
    access: "projects:manage",
    audit: "projects.update",
    body: projectPatch,
    handler: async (c, { body }) => {
      c.get("audit").target = `project:${idParam(c)}`;
      c.get("audit").details = { fields: Object.keys(body) };
      return c.json({ project: await projects.update(idParam(c), body) });
    },
  });

  r.add({
    method: "delete",
    path: "/projects/:id",
    summary: "Remove a project and its environments; the apps themselves stay.",
    access: "projects:manage",
    audit: "projects.remove",
    handler: async (c) => {
      c.get("audit").target = `project:${idParam(c)}`;
      return c.json({ project: await projects.remove(idParam(c)) });
    },
  });

  r.add({
    method: "put",
    path: "/projects/:id/config",
    summary: "Upload a serverkit.yaml: validated (errors name line, column and key), applied, and in charge until detached.",
    access: "projects:manage",
    audit: "projects.config.upload",
    body: z.object({ yaml: z.string().max(256 * 1024) }).strict(),
    handler: async (c, { body }) => {
      c.get("audit").target = `project:${idParam(c)}`;
      return c.json({ project: await projects.uploadConfig(idParam(c), body.yaml) });
    },
  });

  r.add({
    method: "post",
    path: "/projects/:id/config/app",
    summary: "Use the serverkit.yaml at the root of an app's folder: it wins from now on and is re-read before each sync.",
    access: "projects:manage",
    audit: "projects.config.app",
    body: z.object({ appId: z.number().int().positive() }).strict(),
    handler: async (c, { body }) => {
      c.get("audit").target = `project:${idParam(c)}`;
      c.get("audit").details = { appId: body.appId };
      return c.json({ project: await projects.useAppConfig(idParam(c), body.appId) });
    },
  });

  r.add({
    method: "delete",
    path: "/projects/:id/config",
    summary: "Stop following serverkit.yaml; environments stay as they are and are edited here again.",
    access: "projects:manage",
    audit: "projects.config.detach",
    handler: async (c) => {
      c.get("audit").target = `project:${idParam(c)}`;
      return c.json({ project: await projects.detachConfig(idParam(c)) });
    },
  });

  r.add({
    method: "get",
    path: "/projects/:id/config.yaml",
    summary: "The project's current settings written as serverkit.yaml.",
    access: "projects:read",
    handler: async (c) => c.body(await projects.exportConfig(idParam(c)), 200, { "content-type": "text/yaml; charset=utf-8" }),
  });

  r.add({
    method: "post",
    path: "/projects/:id/environments",
    summary: "Add an app as an environment, with the rules a sync into it follows.",
    access: "projects:manage",
    audit: "environments.create",
    body: environmentInput,
    handler: async (c, { body }) => {
      const environment = await projects.addEnvironment(idParam(c), body);
      c.get("audit").target = `environment:${environment.id}`;
      c.get("audit").details = { projectId: idParam(c), name: body.name, appId: body.appId };
      return c.json({ environment }, 201);
    },
  });

  r.add({
    method: "patch",
    path: "/environments/:id",
    summary: "Change an environment's name, app, domain, position or sync rules.",
    access: "projects:manage",
    audit: "environments.update",
    body: environmentPatch,
    handler: async (c, { body }) => {
      c.get("audit").target = `environment:${idParam(c)}`;
      c.get("audit").details = { fields: Object.keys(body) };
      return c.json({ environment: await projects.updateEnvironment(idParam(c), body) });
    },
  });

  r.add({
    method: "delete",
    path: "/environments/:id",
    summary: "Remove an environment from its project; the app stays.",
    access: "projects:manage",
    audit: "environments.remove",
    handler: async (c) => {
      c.get("audit").target = `environment:${idParam(c)}`;
      return c.json({ environment: await projects.removeEnvironment(idParam(c)) });
    },
  });
}
