// Database servers run as containers: an app deployed from the engine's template (generated
// admin password, port published on 127.0.0.1 only, data in the template's named volume), then,
// once it accepts connections, registered as a server of kind "container" linked to that app.
// Dumps and restores of such servers run the engine's tools inside that container.
import { z } from "zod";
import type { Principal } from "../auth/index.ts";
import type { Target } from "../docker/index.ts";
import type { JobKind, Jobs, PublicJob } from "../jobs/index.ts";
import { conflict, DomainError, invalid } from "../lib/errors.ts";
import { containerTools, type ContainerRef } from "./container-exec.ts";
import { insideConn } from "./dump.ts";
import { engineOf } from "./engines/index.ts";
import type { EngineId } from "./engines/types.ts";
import type { AppsFacade } from "./links.ts";
import { generatePassword } from "./names.ts";
import type { DatabaseServers } from "./registry.ts";
import type { DatabaseServerRow, DatabasesRepo } from "./repo.ts";

export interface ContainerDeps {
  repo: DatabasesRepo;
  servers: DatabaseServers;
  apps: AppsFacade;
  jobs: Jobs;
  target(serverId: string): Promise<Target>;
  /** How long to wait for a new server to accept connections (tests on a busy machine: longer). */
  readyTimeoutMs?: number;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;
const params = z.object({ appId: z.number().int().positive(), deployJobId: z.string().min(1), engine: z.string(), name: z.string() });
type CreateParams = z.infer<typeof params>;

/** The app that runs database server `name`. */
export const appNameFor = (name: string) => `db-${name}`.replace(/-+$/, "");

export class ContainerServers {
  constructor(private readonly d: ContainerDeps) {}

  /** Checks the request, deploys the template's app, and queues the job that waits and registers. */
  async create(actor: Principal | undefined, input: { engine: string; name: string }): Promise<PublicJob> {
    const engine = engineOf(input.engine); // an unknown engine is invalid "unknown_engine"
    if (!NAME.test(input.name)) throw invalid("invalid_name", "A database server name is lowercase letters, digits and hyphens (up to 40).");
    if ((await this.d.repo.servers()).some((s) => s.serverId === "local" && s.name === input.name)) {
      throw conflict("database_server_exists", `A database server named "${input.name}" is already registered.`);
    }
    const c = engine.container;
    const variables: Record<string, string> = { ...c.fixed, BIND_ADDRESS: "127.0.0.1", [c.passwordVar]: generatePassword() };
    if (c.userVar) variables[c.userVar] = c.adminUser;
    const { app, job } = await this.d.apps.create(actor, { server: "local", name: appNameFor(input.name), templateId: c.templateId, variables });
    // FIFO jobs: the deploy was queued first, so it never waits behind the job that waits for it.
    return this.d.jobs.enqueue("databases.container.create", { appId: app.id, deployJobId: job.id, engine: engine.id, name: input.name } satisfies CreateParams, {
      createdBy: actor?.username ?? null,
      target: `database_server:${input.name}`,
    });
  }

  /** Where a container server's tools run; undefined for host servers. */
  async ref(row: Pick<DatabaseServerRow, "kind" | "appId" | "engine" | "name">): Promise<ContainerRef | undefined> {
    if (row.kind !== "container" || row.appId === null) return undefined;
    const app = await this.d.apps.summary(row.appId);
    const target = await this.d.target(app.serverId);
    const service = engineOf(row.engine).container.service;
    const found = (await target.call("compose.ps", { app: app.name })).find((c) => c.service === service && c.state === "running");
    if (!found) throw new DomainError("unavailable", "database_container_down", `The container of "${row.name}" (app ${app.name}) is not running; start the app first.`);
    return { target, container: found.id };
  }

  /**
   * How linked apps reach the server: its container by name on the server app's network (the
   * overlay joins them to it) and the container's own port. The published port is bound to
   * 127.0.0.1, which other containers cannot reach through the host's gateway.
   */
  private async appAddress(appId: number, engine: { label: string; container: { service: string; containerPort: number } }): Promise<{ appHost: string; appPort: number }> {
    const app = await this.d.apps.summary(appId);
    const target = await this.d.target(app.serverId);
    const c = (await target.call("compose.ps", { app: app.name })).find((x) => x.service === engine.container.service);
    if (!c) throw new DomainError("unavailable", "database_container_down", `The ${engine.label} container of ${app.name} is not there.`);
    return { appHost: c.name.replace(/^\//, ""), appPort: engine.container.containerPort };
  }

  kind(): JobKind<CreateParams> {
    return {
      kind: "databases.container.create",
      resumable: false,
      params,
      target: (p) => `database_server:${p.name}`,
      run: async (ctx, p) => {
        const engine = engineOf(p.engine);
        await ctx.step(`Deploying the ${engine.label} container`, 50, async () => {
          for (;;) {
            const job = await this.d.jobs.get(p.deployJobId);
            if (job.status === "succeeded") return;
            if (job.status !== "queued" && job.status !== "running") throw new Error(`Deploying the container ${job.status}: ${job.error ?? "see the app's job log"}`);
            if (ctx.signal.aborted) throw new Error("cancelled");
            await Bun.sleep(250);
          }
        });
        const app = await this.d.apps.summary(p.appId);
        const env = await this.d.apps.env(p.appId);
        const c = engine.container;
        const password = env[c.passwordVar];
        const port = app.hostPorts?.[0];
        if (!password || !port) throw new Error("The deployed app has no admin password or published port.");
        const conn = { host: "127.0.0.1", port, user: (c.userVar && env[c.userVar]) || c.adminUser, password };
        const probe = async () => {
          if (!engine.versionInContainer) return engine.version(conn);
          const ref = await this.ref({ kind: "container", appId: p.appId, engine: engine.id, name: p.name });
          return engine.versionInContainer(containerTools(ref!, ctx.signal), insideConn(engine.id as EngineId, conn));
        };
        const version = await ctx.step("Waiting until it accepts connections", 90, async () => {
          const until = Date.now() + (this.d.readyTimeoutMs ?? 180_000);
          for (;;) {
            try {
              return await probe();
            } catch (err) {
              if (Date.now() > until || ctx.signal.aborted) throw new Error(`${engine.label} did not accept connections: ${(err as Error).message}`);
              await Bun.sleep(500);
            }
          }
        });
        ctx.log(`${engine.label} ${version} answers on 127.0.0.1:${port}`);
        const address = await this.appAddress(p.appId, engine);
        ctx.log(`Linked apps reach it as ${address.appHost}:${address.appPort} on its app's network`);
        const row = await ctx.step("Registering the database server", 100, () =>
          this.d.servers.register({ engine: engine.id, name: p.name, host: "127.0.0.1", port, adminUser: conn.user, adminPassword: password, ...address }, "container", p.appId, probe),
        );
        return { databaseServerId: row.id, appId: p.appId, version: row.version };
      },
    };
  }

  /** Forgets the server; with removeApp, also removes its app and the app's volumes (the data), as a job. */
  async removeApp(actor: Principal | undefined, row: DatabaseServerRow): Promise<PublicJob | null> {
    if (row.kind !== "container" || row.appId === null) return null;
    const app = await this.d.apps.summary(row.appId);
    return this.d.apps.remove(actor, row.appId, app.name, true);
  }
}
