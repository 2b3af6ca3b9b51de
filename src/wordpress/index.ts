// WordPress tools on a WordPress app, without wp-cli: what is installed, a new site address
// (a search-replace job), an admin password reset, maintenance mode, wp-config.php hardening
// and a file-permission check. Files are reached in the app's container, data in its database.
import type { Principal } from "../auth/index.ts";
import type { Target } from "../docker/index.ts";
import type { Jobs } from "../jobs/index.ts";
import type { Logger } from "../lib/log.ts";
import type { DbTarget } from "../sync/index.ts";
import { locate, type WpSite } from "./container.ts";
import { requirePrefix, setUserPassword } from "./database.ts";
import { harden, setMaintenance } from "./files.ts";
import { readInfo } from "./info.ts";
import { newPassword, wordpressHash } from "./password.ts";
import { checkPermissions } from "./permissions.ts";
import { checkChange, siteUrlKind } from "./site-url.ts";

export interface WordPressDeps {
  jobs: Jobs;
  log: Logger;
  app(id: number): Promise<{ id: number; name: string; serverId: string }>;
  target(serverId: string): Promise<Target>;
  /** The app's database as the sync engine addresses it (throws "sync_no_database" when it has none). */
  database(appId: number): Promise<DbTarget>;
}

export function createWordPress(deps: WordPressDeps) {
  deps.jobs.register(siteUrlKind(deps.database));

  async function site(appId: number): Promise<WpSite> {
    const app = await deps.app(appId);
    return locate(await deps.target(app.serverId), app.name);
  }

  return {
    /** Version, addresses, plugins, themes, maintenance and hardening; 400 "not_wordpress" otherwise. */
    async info(appId: number) {
      const s = await site(appId);
      return readInfo(s, await deps.database(appId));
    },

    /** Queues "wordpress.site-url" after checking the address and that the site has one to replace. */
    async changeSiteUrl(actor: Principal | undefined, appId: number, input: { url: string; dryRun?: boolean }) {
      const app = await deps.app(appId);
      const { to } = await checkChange(await deps.database(appId), input.url);
      const job = await deps.jobs.enqueue(
        "wordpress.site-url",
        { appId, url: to, dryRun: input.dryRun ?? false },
        { createdBy: actor?.username ?? null, serverId: app.serverId, target: `app:${app.name}` },
      );
      return { job, url: to };
    },

    /** A new password for `login` (default: the first administrator), stored as bcrypt. Shown once. */
    async resetAdminPassword(appId: number, login?: string) {
      const db = await deps.database(appId);
      const prefix = await requirePrefix(db);
      const password = newPassword();
      const user = await setUserPassword(db, prefix, login, await wordpressHash(password));
      deps.log.info("WordPress password reset", { appId, login: user });
      return { login: user, password };
    },

    async maintenance(appId: number, enabled: boolean) {
      return { maintenance: await setMaintenance(await site(appId), enabled) };
    },

    async harden(appId: number) {
      return { changed: await harden(await site(appId), deps.log) };
    },

    async permissions(appId: number) {
      return checkPermissions(await site(appId));
    },
  };
}

export type WordPress = ReturnType<typeof createWordPress>;
export type { WordPressInfo } from "./info.ts";
export type { PermissionProblem, PermissionReport } from "./permissions.ts";
