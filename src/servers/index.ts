// Servers the panel manages. Every resource belongs to one; "local" is this machine, reached
// through the same Target interface a remote agent will offer.
import type { Db } from "../db/index.ts";
import { createLocalTarget, type Target } from "../docker/index.ts";
import { notFound } from "../lib/errors.ts";
import type { Logger } from "../lib/log.ts";
import type { ServerFacts, ServerLoad } from "../protocol/index.ts";
import { LoadWatch } from "./load-watch.ts";
import { ServersRepo, type ServerRow } from "./repo.ts";
import { staleWhileRevalidate } from "./stale-while-revalidate.ts";

export interface PublicServer {
  id: string;
  name: string;
  kind: "local" | "agent";
  status: "online" | "offline";
}

interface Connected {
  target: Target;
  facts: () => Promise<ServerFacts>;
  load: LoadWatch;
}

export interface ServersOptions {
  dockerSocket: string;
  appsDir: string;
  loadIntervalMs?: number;
}

export async function createServers(db: Db, log: Logger, opts: ServersOptions) {
  const repo = new ServersRepo(db);
  await repo.ensure({ id: "local", name: "This server", kind: "local", createdAt: Date.now() });
  const connected = new Map<string, Connected>();
  const connect = (target: Target) =>
    connected.set(target.serverId, {
      target,
      facts: staleWhileRevalidate(() => target.call("server.facts", {}), 30_000),
      load: new LoadWatch(() => target.call("server.load", {}), opts.loadIntervalMs ?? 2000, log.child({ server: target.serverId })),
    });
  connect(createLocalTarget({ dockerSocket: opts.dockerSocket, appsDir: opts.appsDir }));

  const toPublic = (row: ServerRow): PublicServer => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    status: connected.has(row.id) ? "online" : "offline",
  });

  async function online(id: string): Promise<Connected> {
    const c = connected.get(id);
    if (c) return c;
    if (await repo.get(id)) throw notFound("server_offline", `Server ${id} is not connected.`);
    throw notFound("server_not_found", `No server "${id}".`);
  }

  return {
    async list(): Promise<PublicServer[]> {
      return (await repo.list()).map(toPublic);
    },
    async get(id: string): Promise<{ server: PublicServer; facts: ServerFacts }> {
      const row = await repo.get(id);
      if (!row) throw notFound("server_not_found", `No server "${id}".`);
      return { server: toPublic(row), facts: await (await online(id)).facts() };
    },
    async load(id: string): Promise<ServerLoad> {
      return (await online(id)).target.call("server.load", {});
    },
    async watchLoad(id: string, listener: (load: ServerLoad) => void): Promise<() => void> {
      return (await online(id)).load.subscribe(listener);
    },
    async target(id: string): Promise<Target> {
      return (await online(id)).target;
    },
  };
}

export type Servers = Awaited<ReturnType<typeof createServers>>;
