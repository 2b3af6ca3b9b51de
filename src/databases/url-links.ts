// Linking a server whose engine has no users or databases (Redis, MongoDB) into an app: one
// variable, the engine's URL with the server's admin credentials (e.g. REDIS_URL), as the engine
// description says. The link still names a database row (the whole-server name) and a user row
// (the admin account, sealed) so links, unlinking and backups treat every engine alike.
import type { Principal } from "../auth/index.ts";
import type { PublicJob } from "../jobs/index.ts";
import { conflict, invalid } from "../lib/errors.ts";
import { engineOf } from "./engines/index.ts";
import type { AppsFacade } from "./links.ts";
import type { AppDatabaseRow, DatabaseServerRow, DatabasesRepo } from "./repo.ts";
import type { DatabasesService } from "./service.ts";

const PREFIX = /^[A-Z][A-Z0-9_]{0,30}$/;

/** The variables a link of this engine sets: <PREFIX>_URL for URL engines, else the credentials set. */
export function urlKeys(server: Pick<DatabaseServerRow, "engine"> | undefined, prefix: string): string[] | null {
  return server && engineOf(server.engine).link.kind === "url" ? [`${prefix}_URL`] : null;
}

export async function linkByUrl(
  d: { repo: DatabasesRepo; service: DatabasesService; apps: AppsFacade; decrypt(s: string): string },
  actor: Principal | undefined,
  app: { id: number; name: string },
  server: DatabaseServerRow,
  rawPrefix: string | undefined,
): Promise<{ link: AppDatabaseRow; job: PublicJob }> {
  const engine = engineOf(server.engine);
  if (engine.link.kind !== "url" || !engine.wholeServer) throw new Error("linkByUrl: not a URL engine");
  const prefix = rawPrefix ?? engine.link.variable.replace(/_URL$/, "");
  if (!PREFIX.test(prefix)) throw invalid("invalid_prefix", "The variable prefix is upper-case letters, digits and underscores (e.g. REDIS, CACHE).");
  const key = `${prefix}_URL`;
  if ((await d.repo.linksOfApp(app.id)).some((l) => l.envPrefix === prefix)) throw conflict("prefix_in_use", `${app.name} already has a server linked as ${key}; choose another prefix.`);
  if (key in (await d.apps.env(app.id))) throw conflict("env_key_in_use", `${app.name} already sets ${key}; choose another prefix or remove it.`);
  const database = await d.service.adopt(server.id, engine.wholeServer.name);
  const user = await d.repo.insertUser({ databaseServerId: server.id, username: server.adminUser, passwordEnc: server.adminPasswordEnc, grants: "[]", createdAt: Date.now() });
  const link = await d.repo.insertLink({ appId: app.id, databaseId: database.id, userId: user.id, envPrefix: prefix, createdAt: Date.now() });
  if (!link) {
    await d.repo.deleteUser(user.id);
    throw conflict("already_linked", `${server.name} is already linked to ${app.name}.`);
  }
  const url = engine.url({ host: server.appHost, port: server.appPort, user: server.adminUser, password: d.decrypt(server.adminPasswordEnc), database: "" });
  try {
    return { link, job: await d.apps.patchEnv(actor, app.id, { [key]: url }, [], [key]) };
  } catch (err) {
    await d.repo.deleteLink(link.id);
    await d.repo.deleteUser(user.id);
    throw err;
  }
}
