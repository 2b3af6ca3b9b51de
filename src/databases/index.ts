// Databases: MariaDB/PostgreSQL servers, their databases and users, and links into apps.
import { join } from "node:path";
import type { Principal } from "../auth/index.ts";
import type { Db } from "../db/index.ts";
import type { Jobs } from "../jobs/index.ts";
import type { SecretBox } from "../lib/crypto.ts";
import type { Target } from "../docker/index.ts";
import { invalid } from "../lib/errors.ts";
import { ContainerServers } from "./containers.ts";
import { dropKind } from "./drop-job.ts";
import { engineDescriptions, engineOf } from "./engines/index.ts";
import { DatabaseLinks, type AppsFacade, type LinkInput } from "./links.ts";
import { DatabaseCopies } from "./copy.ts";
import { toPublicServer, toPublicUser } from "./public.ts";
import { DatabaseServers, type RegisterInput } from "./registry.ts";
import { DatabasesRepo } from "./repo.ts";
import { DatabasesService } from "./service.ts";
import { DatabaseTransfer, formatOf } from "./transfer.ts";
import type { EngineId } from "./engines/types.ts";
import { assertDbName } from "./names.ts";

export interface DatabasesDeps {
  box: SecretBox;
  jobs: Jobs;
  apps: AppsFacade;
  dataDir: string;
  /** The managed server's Target (container database servers run their tools through it). */
  target(serverId: string): Promise<Target>;
}

export function createDatabases(db: Db, deps: DatabasesDeps) {
  const repo = new DatabasesRepo(db);
  const servers = new DatabaseServers(repo, deps.box);
  const service = new DatabasesService(repo, servers, deps.box);
  const links = new DatabaseLinks(repo, servers, service, deps.box, deps.apps);
  const containers = new ContainerServers({ repo, servers, apps: deps.apps, jobs: deps.jobs, target: deps.target });
  const transfer = new DatabaseTransfer(servers, containers);
  const copies = new DatabaseCopies(repo, servers, service, deps.box);
  deps.jobs.register(dropKind({ servers, containers, service, dumpDir: join(deps.dataDir, "safety-dumps") }));
  deps.jobs.register(containers.kind());

  /** What backups need to dump and restore one database (or a whole-server engine's data). */
  async function source(server: Awaited<ReturnType<DatabaseServers["get"]>>, database: string) {
    const engine = server.engine as EngineId;
    return { engine, conn: servers.conn(server), database, databaseServerId: server.id, container: await containers.ref(server) };
  }

  return {
    /** Engines with their capabilities (what the UI offers for each). */
    engines: () => engineDescriptions(),
    servers: {
      list: async () => (await repo.servers()).map(toPublicServer),
      get: async (id: number) => toPublicServer(await servers.get(id)),
      register: async (input: RegisterInput) => toPublicServer(await servers.register(input)),
      discover: async () => (await servers.discover()).map(toPublicServer),
      /** Deploys the engine's template as an app and registers it once it answers (a job). */
      createContainer: (actor: Principal | undefined, input: { engine: string; name: string }) => containers.create(actor, input),
      /** Forgets the server; `removeApp` (typed confirmation: the server's name) also removes its container and data. */
      remove: async (id: number, opts: { actor?: Principal; removeApp?: boolean; confirm?: string } = {}) => {
        const row = await servers.get(id);
        if (opts.removeApp) {
          if (row.kind !== "container") throw invalid("not_a_container_server", `"${row.name}" is not run as a container by the panel.`);
          if (opts.confirm !== row.name) throw invalid("confirm_mismatch", `Type the server's name ("${row.name}") to remove it with its data.`);
        }
        const ours = await repo.databasesOf(id);
        const linked = (await repo.allLinks()).filter((l) => ours.some((d) => d.id === l.databaseId)).length;
        const removed = toPublicServer(await servers.remove(id, linked));
        const job = opts.removeApp ? await containers.removeApp(opts.actor, row) : null;
        return { ...removed, removeJob: job };
      },
    },
    databases: {
      list: (serverId: number) => service.list(serverId),
      create: (serverId: number, name: string) => service.create(serverId, name),
      async drop(actor: Principal | undefined, serverId: number, name: string, confirm: string) {
        await service.assertDroppable(serverId, name, confirm);
        return deps.jobs.enqueue("databases.drop", { databaseServerId: serverId, name }, { createdBy: actor?.username ?? null, target: `database:${name}` });
      },
    },
    users: {
      list: async (serverId: number) => (await service.users(serverId)).map(toPublicUser),
      create: async (serverId: number, username: string, database?: string) => toPublicUser(await service.createUser(serverId, username, database)),
      drop: async (id: number) => toPublicUser(await service.dropUser(id)),
      credentials: (id: number) => service.credentials(id),
    },
    transfer: {
      download: (serverId: number, name: string) => transfer.download(serverId, name),
      async import(serverId: number, name: string, filename: string, input: ReadableStream<Uint8Array>, signal?: AbortSignal) {
        const server = await servers.get(serverId);
        return transfer.import(serverId, name, formatOf(filename, server.engine as EngineId), input, signal);
      },
    },
    /** Admin connections for dumps and restores (backups domain). */
    sources: {
      async forApp(appId: number) {
        const out = [];
        for (const l of await repo.linksOfApp(appId)) {
          const d = await repo.database(l.databaseId);
          if (!d) continue;
          out.push(await source(await servers.get(d.databaseServerId), d.name));
        }
        return out;
      },
      async one(databaseServerId: number, name: string) {
        const server = await servers.get(databaseServerId);
        const whole = engineOf(server.engine).wholeServer;
        if (whole && name !== whole.name) throw invalid("engine_no_databases", `${engineOf(server.engine).label} is backed up as a whole: use "${whole.name}".`);
        return source(server, assertDbName("database", name));
      },
    },
    /** New databases for a clone of an app (backups): created, loaded by the caller, linked, or discarded. */
    copies,
    links: {
      forApp: (appId: number) => links.forApp(appId),
      link: (actor: Principal | undefined, appId: number, input: LinkInput) => links.link(actor, appId, input),
      unlink: (actor: Principal | undefined, appId: number, linkId: number) => links.unlink(actor, appId, linkId),
      overlay: (appId: number) => links.overlay(appId),
    },
  };
}

export type Databases = ReturnType<typeof createDatabases>;
export type { RegisterInput } from "./registry.ts";
export type { LinkInput } from "./links.ts";
export type { DatabaseCopy } from "./copy.ts";
