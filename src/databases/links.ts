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
import { linkByUrl, urlKeys } from "./url-links.ts";

/** What linking needs from the apps domain. */
export interface AppsFacade {
  summary(id: number): Promise<{ id: number; name: string; serverId: string; hostPorts?: number[] }>;
  /** Deploys an app from a template (container database servers). */
  create(actor: Principal | undefined, input: { server: string; name: string; templateId: string; variables: Record<string, unknown> }): Promise<{ app: { id: number }; job: PublicJob }>;
  /** Removes an app (typed confirmation: its name), optionally with its volumes. */
  remove(actor: Principal | undefined, id: number, confirm: string, removeVolumes: boolean): Promise<PublicJob>;
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

/** The variables an app gets for a linked database (also used for a clone's copy). */
export function linkVars(server: { appHost: string; appPort: number; engine: string }, prefix: string, database: string, username: string, password: string): Record<string, string> {
  const [hostK, portK, nameK, userK, passK, urlK] = envKeysFor(prefix);
  const url = engineOf(server.engine as EngineId).url({ host: server.appHost, port: server.appPort, user: username, password, database });
  return { [hostK!]: server.appHost, [portK!]: String(server.appPort), [nameK!]: database, [userK!]: username, [passK!]: password, [urlK!]: url };
}

/** app "my-blog" -> "my_blog" (a valid database name), prefixed when it starts with a digit. */
export const fromAppName = (name: string) => {
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
    if (engineOf(server.engine).link.kind === "url") {
      return linkByUrl({ repo: this.repo, service: this.service, apps: this.apps, decrypt: (x) => this.box.decrypt(x) }, actor, app, server, input.prefix);
    }
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
    const vars = linkVars(server, prefix, name, username, this.box.decrypt(user.passwordEnc));
    const [, , , , passK, urlK] = envKeysFor(prefix);
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
    const server = await this.serverOf(link);
    const job = await this.apps.patchEnv(actor, link.appId, {}, urlKeys(server, link.envPrefix) ?? envKeysFor(link.envPrefix), []);
    // URL engines' "user" is the admin account's row: forget the row, never drop the account.
    if (urlKeys(server, link.envPrefix)) await this.repo.deleteUser(link.userId);
    else await this.service.dropUser(link.userId).catch(() => undefined);
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
          envKeys: urlKeys(server, l.envPrefix) ?? envKeysFor(l.envPrefix),
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

  private async serverOf(link: AppDatabaseRow) {
    const db = await this.repo.database(link.databaseId);
    return db ? this.repo.server(db.databaseServerId) : undefined;
  }

  /**
   * What the app's compose overlay needs: the variables to pass, and how to reach the servers:
   * the host's gateway for servers on the host, the server app's network for servers run as
   * containers (their port is published on 127.0.0.1 only; the app reaches the container itself).
   */
  async overlay(appId: number): Promise<{ envKeys: string[]; hostGateway: boolean; networks: string[] }> {
    const links = await this.repo.linksOfApp(appId);
    let hostGateway = false;
    const networks: string[] = [];
    for (const l of links) {
      const server = await this.serverOf(l);
      if (server?.appHost === "host.docker.internal") hostGateway = true;
      // Compose names a project's own network <project>_default, in v1 and v2 alike.
      if (server?.kind === "container" && server.appId !== null && server.appId !== appId) networks.push(`${(await this.apps.summary(server.appId)).name}_default`);
    }
    const keys = await Promise.all(links.map(async (l) => urlKeys(await this.serverOf(l), l.envPrefix) ?? envKeysFor(l.envPrefix)));
    return { envKeys: keys.flat(), hostGateway, networks };
  }
}
