// Servers the panel manages. Every resource belongs to one; "local" is this machine, the others
// are agents. Both are reached through the same Target interface: whoever holds a connection
// calls connect(target) and gets back the function that ends it.
import type { Db } from "../db/index.ts";
import { createLocalTarget, type Target } from "../docker/index.ts";
import { conflict, notFound } from "../lib/errors.ts";
import { randomId } from "../lib/ids.ts";
import type { Logger } from "../lib/log.ts";
import { iso } from "../lib/time.ts";
import type { ServerFacts, ServerLoad } from "../protocol/index.ts";
import { LoadWatch } from "./load-watch.ts";
import { ServersRepo, type ServerRow } from "./repo.ts";
import { staleWhileRevalidate } from "./stale-while-revalidate.ts";

export interface PublicServer {
  id: string;
  name: string;
  kind: "local" | "agent";
  /** pending: created, the agent has not registered yet. */
  status: "online" | "offline" | "pending" | "revoked";
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  /** The last load an agent reported with its heartbeat. */
  load: ServerLoad | null;
}

/** What the agents domain needs to authenticate a connection. */
export interface ServerIdentity {
  id: string;
  publicKey: string | null;
  revoked: boolean;
}

interface Connected {
  target: Target;
  facts: () => Promise<ServerFacts>;
  load: LoadWatch;
  lastLoad: ServerLoad | null;
}

export interface ServersOptions {
  dockerSocket: string;
  appsDir: string;
  loadIntervalMs?: number;
}

// lastSeenAt is for people ("seen 3 minutes ago"): one write a minute per agent is plenty.
const TOUCH_EVERY_MS = 60_000;

export async function createServers(db: Db, log: Logger, opts: ServersOptions) {
  const repo = new ServersRepo(db);
  await repo.ensure({ id: "local", name: "This server", kind: "local", createdAt: Date.now() });
  const connected = new Map<string, Connected>();
  const touched = new Map<string, number>();

  const touch = (id: string) => {
    const now = Date.now();
    if (now - (touched.get(id) ?? 0) < TOUCH_EVERY_MS) return;
    touched.set(id, now);
    repo.touch(id, now).catch((err) => log.warn("lastSeenAt write failed", { err, server: id }));
  };

  function connect(target: Target): () => void {
    const entry: Connected = {
      target,
      facts: staleWhileRevalidate(() => target.call("server.facts", {}), 30_000),
      load: new LoadWatch(() => target.call("server.load", {}), opts.loadIntervalMs ?? 2000, log.child({ server: target.serverId })),
      lastLoad: null,
    };
    connected.set(target.serverId, entry);
    touched.delete(target.serverId);
    if (target.serverId !== "local") touch(target.serverId);
    // A newer connection may have replaced this one; only its own holder may end it.
    return () => {
      if (connected.get(target.serverId) !== entry) return;
      connected.delete(target.serverId);
      touched.delete(target.serverId);
      repo.touch(target.serverId, Date.now()).catch(() => undefined);
    };
  }
  connect(createLocalTarget({ dockerSocket: opts.dockerSocket, appsDir: opts.appsDir }));

  const statusOf = (row: ServerRow): PublicServer["status"] => {
    if (row.revokedAt) return "revoked";
    if (connected.has(row.id)) return "online";
    return row.kind === "agent" && !row.publicKey ? "pending" : "offline";
  };
  const toPublic = (row: ServerRow): PublicServer => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    status: statusOf(row),
    createdAt: iso(row.createdAt)!,
    lastSeenAt: connected.has(row.id) && row.kind === "agent" ? new Date().toISOString() : iso(row.lastSeenAt),
    revokedAt: iso(row.revokedAt),
    load: connected.get(row.id)?.lastLoad ?? null,
  });

  async function online(id: string): Promise<Connected> {
    const c = connected.get(id);
    if (c) return c;
    if (await repo.get(id)) throw notFound("server_offline", `Server ${id} is not connected.`);
    throw notFound("server_not_found", `No server "${id}".`);
  }

  async function row(id: string): Promise<ServerRow> {
    const r = await repo.get(id);
    if (!r) throw notFound("server_not_found", `No server "${id}".`);
    return r;
  }

  return {
    async list(): Promise<PublicServer[]> {
      return (await repo.list()).map(toPublic);
    },
    async get(id: string): Promise<{ server: PublicServer; facts: ServerFacts }> {
      const r = await row(id);
      return { server: toPublic(r), facts: await (await online(id)).facts() };
    },
    /** The server as listed, without asking it anything (works while it is offline). */
    async describe(id: string): Promise<PublicServer> {
      return toPublic(await row(id));
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

    connect,
    /** An agent's heartbeat: it is alive, and this is its load. */
    heartbeat(id: string, load: ServerLoad | null): void {
      const c = connected.get(id);
      if (!c) return;
      if (load) c.lastLoad = load;
      touch(id);
    },
    async createAgent(name: string): Promise<PublicServer> {
      return toPublic(await repo.insert({ id: `srv-${randomId(6).toLowerCase().replace(/[^a-z0-9]/g, "x")}`, name, kind: "agent", createdAt: Date.now() }));
    },
    /** Binds the key an agent registered with; false when the server already has one or was revoked. */
    setPublicKey: (id: string, publicKey: string) => repo.setPublicKey(id, publicKey),
    async identity(id: string): Promise<ServerIdentity | null> {
      const r = await repo.get(id);
      return r && r.kind === "agent" ? { id: r.id, publicKey: r.publicKey, revoked: r.revokedAt !== null } : null;
    },
    /** Marks the server revoked; the caller (agents) closes its connection. */
    async revoke(id: string): Promise<PublicServer> {
      const r = await row(id);
      if (r.kind === "local") throw conflict("server_local", "This server runs the panel; it cannot be revoked.");
      await repo.revoke(id, Date.now());
      return toPublic((await repo.get(id))!);
    },
  };
}

export type Servers = Awaited<ReturnType<typeof createServers>>;
