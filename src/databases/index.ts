// Databases: MariaDB/PostgreSQL servers, their databases and users, and links into apps.
import { join } from "node:path";
import type { Principal } from "../auth/index.ts";
import type { Db } from "../db/index.ts";
import type { Jobs } from "../jobs/index.ts";
import type { SecretBox } from "../lib/crypto.ts";
import { dropKind } from "./drop-job.ts";
import { DatabaseLinks, type AppsFacade, type LinkInput } from "./links.ts";
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
}

export function createDatabases(db: Db, deps: DatabasesDeps) {
  const repo = new DatabasesRepo(db);
  const servers = new DatabaseServers(repo, deps.box);
  const service = new DatabasesService(repo, servers, deps.box);
  const links = new DatabaseLinks(repo, servers, service, deps.box, deps.apps);
  const transfer = new DatabaseTransfer(servers);
  deps.jobs.register(dropKind({ servers, service, dumpDir: join(deps.dataDir, "safety-dumps") }));

  return {
    servers: {
      list: async () => (await repo.servers()).map(toPublicServer),
      get: async (id: number) => toPublicServer(await servers.get(id)),
      register: async (input: RegisterInput) => toPublicServer(await servers.register(input)),
      discover: async () => (await servers.discover()).map(toPublicServer),
      remove: async (id: number) => {
        const ours = await repo.databasesOf(id);
        const linked = (await repo.allLinks()).filter((l) => ours.some((d) => d.id === l.databaseId)).length;
        return toPublicServer(await servers.remove(id, linked));
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
          const server = await servers.get(d.databaseServerId);
          out.push({ engine: server.engine as EngineId, conn: servers.conn(server), database: d.name, databaseServerId: server.id });
        }
        return out;
      },
      async one(databaseServerId: number, name: string) {
        const server = await servers.get(databaseServerId);
        return { engine: server.engine as EngineId, conn: servers.conn(server), database: assertDbName("database", name), databaseServerId };
      },
    },
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
