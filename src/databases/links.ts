// Linking a database into an app: the database (created unless it exists), a user of its own
// with a generated password and all privileges on it, and <PREFIX>_HOST/_PORT/_NAME/_USER/
// _PASSWORD (+ DATABASE_URL for the default "DB" prefix) in the app's environment, then a
// redeploy. Unlinking takes the variables out, redeploys and drops that user; the data stay.
import { randomBytes } from "node:crypto";
import type { Principal } from "../auth/index.ts";
import type { PublicJob } from "../jobs/index.ts";
import { conflict, invalid, notFound } from "../lib/errors.ts";
import type { SecretBox } from "../lib/crypto.ts";
import { engineOf } from "./engines/index.ts";
import type { EngineId } from "./engines/types.ts";
import { assertDbName } from "./names.ts";
import type { DatabaseServers } from "./registry.ts";
import type { AppDatabaseRow, DatabasesRepo } from "./repo.ts";
import type { DatabasesService } from "./service.ts";

/** What linking needs from the apps domain. */
export interface AppsFacade {
  summary(id: number): Promise<{ id: number; name: string; serverId: string }>;
  env(id: number): Promise<Record<string, string>>;
  /** Sets/removes keys in the app's environment and redeploys (a job). */
  patchEnv(actor: Principal | undefined, id: number, set: Record<string, string>, unset: string[], secret: string[]): Promise<PublicJob>;
}

export interface LinkInput {
  databaseServerId: number;
  database?: string;
  prefix?: string;
}

const PREFIX = /^[A-Z][A-Z0-9_]{0,30}$/;
const SUFFIXES = ["HOST", "PORT", "NAME", "USER", "PASSWORD"] as const;

export const envKeysFor = (prefix: string): string[] => [...SUFFIXES.map((s) => `${prefix}_${s}`), prefix === "DB" ? "DATABASE_URL" : `${prefix}_URL`];

/** app "my-blog" -> "my_blog" (a valid database name), prefixed when it starts with a digit. */
const fromAppName = (name: string) => {
  const s = name.replace(/-/g, "_").slice(0, 40);
  return /^[a-z]/.test(s) ? s : `a${s}`.slice(0, 40);
};

export class DatabaseLinks {
  constructor(
    private readonly repo: DatabasesRepo,
    private readonly servers: DatabaseServers,
    private readonly service: DatabasesService,
    private readonly box: SecretBox,
    private readonly apps: AppsFacade,
  ) {}

  async link(actor: Principal | undefined, appId: number, input: LinkInput): Promise<{ link: AppDatabaseRow; job: PublicJob }> {
    const app = await this.apps.summary(appId);
    const server = await this.servers.get(input.databaseServerId);
    if (server.serverId !== app.serverId) throw invalid("different_server", "The database server and the app must be on the same server.");
    const prefix = input.prefix ?? "DB";
    if (!PREFIX.test(prefix)) throw invalid("invalid_prefix", "The variable prefix is upper-case letters, digits and underscores (e.g. DB, ANALYTICS_DB).");
    if ((await this.repo.linksOfApp(appId)).some((l) => l.envPrefix === prefix)) {
      throw conflict("prefix_in_use", `${app.name} already has a database linked as ${prefix}_*; choose another prefix.`);
    }
    const env = await this.apps.env(appId);
    const taken = envKeysFor(prefix).filter((k) => k in env);
    if (taken.length) throw conflict("env_key_in_use", `${app.name} already sets ${taken.join(", ")}; choose another prefix or remove them.`);
    const name = assertDbName("database", input.database ?? fromAppName(app.name));
    const existing = (await this.service.list(server.id)).some((d) => d.name === name);
    const database = existing ? await this.service.adopt(server.id, name) : await this.service.create(server.id, name);
    const username = assertDbName("user", `${name.slice(0, 24)}_${randomBytes(3).toString("hex")}`);
    let user;
    try {
      user = await this.service.createUser(server.id, username, name);
    } catch (err) {
      if (!existing) await this.service.drop(server.id, name).catch(() => undefined);
      throw err;
    }
    const link = await this.repo.insertLink({ appId, databaseId: database.id, userId: user.id, envPrefix: prefix, createdAt: Date.now() });
    if (!link) {
      await this.service.dropUser(user.id).catch(() => undefined);
      throw conflict("already_linked", `${name} is already linked to ${app.name}.`);
    }
    const password = this.box.decrypt(user.passwordEnc);
    const conn = { host: server.appHost, port: server.appPort, user: username, password, database: name };
    const [hostK, portK, nameK, userK, passK, urlK] = envKeysFor(prefix);
    const vars = { [hostK!]: server.appHost, [portK!]: String(server.appPort), [nameK!]: name, [userK!]: username, [passK!]: password, [urlK!]: engineOf(server.engine as EngineId).url(conn) };
    try {
      return { link, job: await this.apps.patchEnv(actor, appId, vars, [], [passK!, urlK!]) };
    } catch (err) {
      await this.repo.deleteLink(link.id);
      await this.service.dropUser(user.id).catch(() => undefined);
      if (!existing) await this.service.drop(server.id, name).catch(() => undefined);
      throw err;
    }
  }

  async unlink(actor: Principal | undefined, appId: number, linkId: number): Promise<{ link: AppDatabaseRow; job: PublicJob }> {
    const link = await this.repo.link(linkId);
    if (!link || link.appId !== appId) throw notFound("link_not_found", "This app has no such database link.");
    await this.repo.deleteLink(link.id);
    const job = await this.apps.patchEnv(actor, link.appId, {}, envKeysFor(link.envPrefix), []);
    await this.service.dropUser(link.userId).catch(() => undefined);
    return { link, job };
  }

  async forApp(appId: number) {
    const links = await this.repo.linksOfApp(appId);
    return Promise.all(
      links.map(async (l) => {
        const [db, user] = await Promise.all([this.repo.database(l.databaseId), this.repo.user(l.userId)]);
        const server = db ? await this.repo.server(db.databaseServerId) : undefined;
        return {
          id: l.id,
          appId: l.appId,
          prefix: l.envPrefix,
          envKeys: envKeysFor(l.envPrefix),
          database: db?.name ?? null,
          databaseId: l.databaseId,
          userId: l.userId,
          username: user?.username ?? null,
          databaseServer: server ? { id: server.id, name: server.name, engine: server.engine } : null,
          createdAt: new Date(l.createdAt).toISOString(),
        };
      }),
    );
  }

  /** What the app's compose overlay needs: the variables to pass, and host access. */
  async overlay(appId: number): Promise<{ envKeys: string[]; hostGateway: boolean }> {
    const links = await this.repo.linksOfApp(appId);
    let hostGateway = false;
    for (const l of links) {
      const db = await this.repo.database(l.databaseId);
      const server = db ? await this.repo.server(db.databaseServerId) : undefined;
      if (server?.appHost === "host.docker.internal") hostGateway = true;
    }
    return { envKeys: links.flatMap((l) => envKeysFor(l.envPrefix)), hostGateway };
  }
}
