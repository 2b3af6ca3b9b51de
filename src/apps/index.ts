// Apps: Compose stacks deployed from templates or pasted compose files, one folder each on
// their server. The public face of the domain.
import type { Principal } from "../auth/index.ts";
import type { CallResult } from "../protocol/index.ts";
import type { Db } from "../db/index.ts";
import type { Jobs } from "../jobs/index.ts";
import type { SecretBox } from "../lib/crypto.ts";
import type { Servers } from "../servers/index.ts";
import type { TemplateLibrary } from "../templates/index.ts";
import { parseCompose, publishedPorts } from "./compose-model.ts";
import { renderOverlay } from "./overlay.ts";
import { deployKind, lifecycleKind, removeKind, type DeployDeps } from "./deploy.ts";
import type { PortRange } from "./ports.ts";
import { toPublicApp, type AppStatus, type PublicApp } from "./public.ts";
import { AppsRepo, type AppRow } from "./repo.ts";
import { AppsService, type CreateInput } from "./service.ts";
import { createCopy, type CopyInput } from "./copy.ts";
import type { JobContext } from "../jobs/index.ts";

export interface AppsOptions {
  ports: PortRange;
  /** Seconds containers must stay up after `compose up` (tests shorten it). */
  settleMs?: number;
}

export function createApps(db: Db, servers: Servers, jobs: Jobs, box: SecretBox, templates: () => TemplateLibrary, opts: AppsOptions) {
  const repo = new AppsRepo(db);
  const service = new AppsService({ repo, servers, jobs, box, templates, ports: opts.ports });

  // Other domains (domains/vhosts) clean up what points at an app before its record goes.
  const beforeRemove: ((appId: number) => Promise<void>)[] = [];
  // What other domains add to an app's compose at deploy (linked databases' variables).
  let overlayInput: (appId: number) => Promise<{ envKeys: string[]; hostGateway: boolean; networks?: string[] }> = async () => ({ envKeys: [], hostGateway: false });

  const deps: DeployDeps = {
    app: (id) => repo.get(id),
    target: (serverId) => servers.target(serverId),
    decryptEnv: service.decryptEnv,
    async markDeployed(app) {
      await repo.update(app.id, { deployedCompose: app.compose, deployedEnvEnc: app.envEnc, status: "running" });
      // Ports the new configuration no longer publishes go back to the pool.
      const keep = publishedPorts(parseCompose(app.compose), service.decryptEnv(app.envEnc)).map((p) => p.hostPort);
      await repo.releasePortsExcept(app.id, keep);
    },
    async restoreLastGood(app) {
      return (await repo.update(app.id, { compose: app.deployedCompose!, envEnc: app.deployedEnvEnc! }))!;
    },
    setStatus: async (id, status) => void (await repo.update(id, { status })),
    async forget(id) {
      for (const hook of beforeRemove) await hook(id);
      await repo.delete(id);
    },
    async overlay(app) {
      const extra = await overlayInput(app.id);
      const compose = parseCompose(app.compose);
      const version = typeof compose.version === "string" ? compose.version : undefined;
      // Services sharing another's or the host's network stack cannot join networks of their own.
      const ownNetwork = Object.entries(compose.services).filter(([, svc]) => !(svc as { network_mode?: unknown }).network_mode).map(([name]) => name);
      return renderOverlay({ services: Object.keys(compose.services), ownNetwork, ...extra, version });
    },
    settleMs: opts.settleMs ?? 2000,
  };
  const deployJob = deployKind(deps);
  jobs.register(deployJob);
  jobs.register(removeKind(deps));
  for (const action of ["start", "stop", "restart"] as const) jobs.register(lifecycleKind(deps, action));

  /** Job-owned states win; otherwise what the containers say. */
  async function liveStatus(app: AppRow): Promise<{ status: AppStatus; containers: CallResult<"compose.ps"> }> {
    if (app.status === "deploying" || app.status === "removing" || app.status === "failed") return { status: app.status, containers: [] };
    try {
      const containers = await (await servers.target(app.serverId)).call("compose.ps", { app: app.name });
      const running = containers.filter((c) => c.state === "running").length;
      const status: AppStatus = running === 0 ? "stopped" : running === containers.length ? "running" : "partial";
      return { status, containers };
    } catch {
      return { status: app.status, containers: [] };
    }
  }

  async function describe(app: AppRow): Promise<PublicApp & { containers: CallResult<"compose.ps"> }> {
    const [{ status, containers }, ports, recent, address] = await Promise.all([
      liveStatus(app),
      repo.portsOf(app.id),
      jobs.list({ target: `app:${app.name}`, limit: 1 }),
      servers.get(app.serverId).then((s) => s.facts.addresses[0] ?? null).catch(() => null),
    ]);
    let templateName: string | null = null;
    if (app.templateId) {
      try {
        templateName = templates().get(app.templateId).name;
      } catch {
        templateName = app.templateId; // template removed since: show its id
      }
    }
    return { ...toPublicApp(app, { ports, templateName, address, status, lastJob: recent.items[0] ?? null }), containers };
  }

  return {
    /** Registers clean-up that must run before an app's record is deleted (e.g. its vhosts). */
    onBeforeRemove(hook: (appId: number) => Promise<void>): void {
      beforeRemove.push(hook);
    },
    /** Sets who adds environment keys / host access to apps' compose at deploy (one provider: databases). */
    provideOverlay(fn: (appId: number) => Promise<{ envKeys: string[]; hostGateway: boolean; networks?: string[] }>): void {
      overlayInput = fn;
    },
    async list(serverId?: string) {
      return Promise.all((await repo.list(serverId)).map(async (a) => {
        const { containers: _c, ...app } = await describe(a);
        return app;
      }));
    },
    get: async (id: number) => describe(await service.get(id)),
    /** Id and name (the compose project) of a server's apps, from the database alone (metrics, every round). */
    async names(serverId: string) {
      return (await repo.list(serverId)).map((a) => ({ id: a.id, name: a.name }));
    },
    async create(actor: Principal | undefined, input: CreateInput) {
      const { app, job } = await service.create(actor, input);
      const { containers: _c, ...described } = await describe(app);
      return { app: described, job };
    },
    /** Whether a name is taken on a server (a clone checks before it starts its job). */
    exists: async (serverId: string, name: string) => Boolean(await repo.byName(serverId, name)),
    /** A copy of another app's files under a new name, host ports moved (backups' clone); recorded, not deployed. */
    createCopy: (actor: Principal | undefined, input: CopyInput) => createCopy({ repo, servers, jobs, box, templates, ports: opts.ports }, actor, input),
    /** Deploys inside the caller's job (a clone's); a failed first deploy removes the app without a trace. */
    deployIn: (ctx: JobContext, id: number) => deployJob.run(ctx, { appId: id }),
    /** Takes away a copy whose first deploy never succeeded (containers, volumes, record, ports); a deployed app goes through remove(). */
    async discard(id: number) {
      const app = await repo.get(id);
      if (!app || app.deployedCompose !== null) return;
      // A deploy cut short (panel crash) may have left containers of the project running.
      const target = await servers.target(app.serverId);
      try {
        for await (const _ of target.stream("compose.run", { app: app.name, action: "down", removeVolumes: true })) void _;
      } catch {
        // No folder or no containers: nothing was started.
      }
      await deps.forget(id);
    },
    update: (actor: Principal | undefined, id: number, change: { compose?: string; env?: Record<string, string> }) => service.update(actor, id, change),
    patchEnv: (actor: Principal | undefined, id: number, set: Record<string, string>, unset: string[], secret?: string[]) => service.patchEnv(actor, id, set, unset, secret),
    action: (actor: Principal | undefined, id: number, action: "start" | "stop" | "restart" | "redeploy") => service.action(actor, id, action),
    remove: (actor: Principal | undefined, id: number, confirm: string, removeVolumes: boolean) => service.remove(actor, id, confirm, removeVolumes),
    /** Name, server and published host ports from the database alone (no Docker call): what a domain proxies to. */
    async summary(id: number) {
      const app = await service.get(id);
      return { id: app.id, name: app.name, serverId: app.serverId, hostPorts: (await repo.portsOf(id)).map((p) => p.port) };
    },
    async compose(id: number) {
      return (await service.get(id)).compose;
    },
    async env(id: number) {
      const app = await service.get(id);
      const secret = new Set(JSON.parse(app.secretKeys) as string[]);
      return Object.entries(service.decryptEnv(app.envEnc)).map(([key, value]) => ({ key, value, secret: secret.has(key) }));
    },
    async jobs(id: number) {
      const app = await service.get(id);
      return (await jobs.list({ target: `app:${app.name}`, limit: 50 })).items;
    },
  };
}

export type Apps = ReturnType<typeof createApps>;
export type { PublicApp } from "./public.ts";
export type { CopyInput } from "./copy.ts";
export { parseEnvFile } from "./copy-compose.ts";
