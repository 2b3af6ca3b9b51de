// backups.clone: a backup of an app restored as a NEW app beside the original (e.g. staging).
// Every part is checked against the signed manifest before anything is created. Then, under
// the new name: databases of its own (new database + user on the same server, loaded from the
// dumps), the app record with its compose file and .env (host ports moved, no domains), its
// volumes filled from the volume parts, its folder from the files part, and a deploy. The
// original app is only ever read from the backup: never stopped, never written. A failure
// takes away everything the clone made (clone-undo.ts), also after a panel crash.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { parseEnvFile, type CopyInput } from "../apps/index.ts";
import type { DatabaseCopy } from "../databases/index.ts";
import { restoreStream } from "../databases/dump.ts";
import type { JobContext, JobKind } from "../jobs/index.ts";
import { conflict, invalid } from "../lib/errors.ts";
import { appName } from "../protocol/index.ts";
import { extractTo } from "./archive.ts";
import { CloneJournal, undoClone, type CloneMade } from "./clone-undo.ts";
import type { ManifestPart } from "./manifest.ts";
import { dumpInput, fetchVerified, openBackup, plain } from "./restore-common.ts";
import type { RestoreDeps } from "./restore-job.ts";

/** What a clone needs from the apps and databases domains (wired in cli/wire.ts). */
export interface CloneFacade {
  appExists(serverId: string, name: string): Promise<boolean>;
  createApp(input: CopyInput): Promise<{ app: { id: number; name: string }; moved: { service: string; from: number; to: number }[]; notes: string[] }>;
  /** Deploys inside the clone's job; a failed first deploy removes the app's record, containers and files. */
  deployApp(ctx: JobContext, appId: number): Promise<unknown>;
  discardApp(appId: number): Promise<void>;
  createDatabase(databaseServerId: number, appName: string, prefix: string): Promise<DatabaseCopy>;
  attachDatabase(appId: number, copy: DatabaseCopy): Promise<void>;
  discardDatabase(copy: DatabaseCopy): Promise<void>;
}

export interface CloneDeps extends RestoreDeps {
  clone: CloneFacade;
}

export const cloneParams = z.object({ backupId: z.string().min(1).max(64), name: appName, by: z.string().max(128).nullable().default(null) });
type CloneParams = z.infer<typeof cloneParams>;

const COMPOSE_FILE = "docker-compose.yml";
const ENV_FILE = ".env";

/** The variable prefix the original linked a database under (DB for DB_NAME=<name>...), so the copy keeps the same variables. */
function prefixOf(env: Record<string, string>, database: string, used: Set<string>): string {
  const found = Object.keys(env).find((k) => k.endsWith("_NAME") && env[k] === database && /^[A-Z][A-Z0-9_]{0,30}_NAME$/.test(k));
  let prefix = found ? found.slice(0, -"_NAME".length) : "DB";
  for (let i = 2; used.has(prefix); i++) prefix = `DB${i}`;
  used.add(prefix);
  return prefix;
}

/** `<original>_<key>` (Compose's volume naming) -> `<clone>_<key>`. */
function volumeName(part: ManifestPart, original: string, clone: string): { name: string; key: string } {
  if (!part.name.startsWith(`${original}_`)) throw invalid("clone_volume_unknown", `Volume ${part.name} is not named like a volume of ${original}'s Compose project; it cannot be copied.`);
  const key = part.name.slice(original.length + 1);
  return { name: `${clone}_${key}`, key };
}

/** Refuses, before anything is made, a name or leftovers that a clone would collide with. */
async function preflight(d: CloneDeps, serverId: string, name: string, volumes: string[]): Promise<void> {
  if (await d.clone.appExists(serverId, name)) throw conflict("app_exists", `An app named "${name}" already exists on this server.`);
  if (existsSync(join(d.appsDir, name))) throw conflict("app_folder_exists", `A folder ${join(d.appsDir, name)} already exists (left by an earlier app?); remove it or choose another name.`);
  const target = await d.target(serverId);
  const existing = new Set((await target.call("volumes.list", {})).map((v) => v.name));
  const taken = volumes.filter((v) => existing.has(v));
  if (taken.length) throw conflict("clone_volume_exists", `Volume(s) ${taken.join(", ")} already exist (kept from a removed app?); remove them or choose another name.`);
}

export function cloneKind(d: CloneDeps): JobKind<CloneParams> {
  return {
    kind: "backups.clone",
    resumable: false,
    params: cloneParams,
    target: (p) => `app:${p.name}`,
    async run(ctx, p) {
      const { backup, plan, storage, key, manifest } = await openBackup(d, p.backupId);
      const original = manifest.app?.name;
      const files = manifest.parts.find((x) => x.kind === "files");
      if (plan.scope !== "app" || !original) throw invalid("clone_not_app", "Only a backup of an app can be restored as a new app.");
      if (!files) throw invalid("clone_no_files", "This backup holds no app files (docker-compose.yml), so it cannot become a new app.");
      if (p.name === original) throw conflict("app_exists", `"${p.name}" is the original app's name; choose another.`);
      const serverId = plan.serverId;
      const volumeParts = manifest.parts.filter((x) => x.kind === "volume").map((part) => ({ part, ...volumeName(part, original, p.name) }));
      await preflight(d, serverId, p.name, volumeParts.map((v) => v.name));
      const target = await d.target(serverId);
      const dir = join(d.stagingDir, ctx.jobId);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const journal = new CloneJournal(d.stagingDir, ctx.jobId, serverId);
      const made: CloneMade = journal.made;
      ctx.log(`Restoring backup ${backup.id} of ${original} as a new app "${p.name}"`);
      try {
        await fetchVerified(ctx, storage, backup.prefix, manifest, dir);
        const staged = join(dir, "app-files");
        mkdirSync(staged);
        await ctx.step("Reading the app's files", 38, () => extractTo(staged, plain(dir, key, files)));
        if (!existsSync(join(staged, COMPOSE_FILE))) throw invalid("clone_no_files", `The backup's app files hold no ${COMPOSE_FILE}.`);
        const compose = readFileSync(join(staged, COMPOSE_FILE), "utf8");
        const envFile = existsSync(join(staged, ENV_FILE)) ? readFileSync(join(staged, ENV_FILE), "utf8") : "";
        const originalEnv = parseEnvFile(envFile);

        // Databases first: their new credentials go into the app's .env when it is recorded.
        const set: Record<string, string> = {};
        const secret: string[] = [];
        const prefixes = new Set<string>();
        const copies: DatabaseCopy[] = [];
        for (const part of manifest.parts.filter((x) => x.kind === "database")) {
          const databaseServerId = Number(part.meta?.databaseServerId);
          if (!Number.isInteger(databaseServerId)) throw invalid("clone_database_server", `The backup does not say which database server ${part.name} came from.`);
          const copy = await d.clone.createDatabase(databaseServerId, p.name, prefixOf(originalEnv, part.name, prefixes));
          made.dbs.push(copy);
          journal.save();
          copies.push(copy);
          const { input, format } = dumpInput(dir, key, part);
          await ctx.step(`Loading ${part.name} into the new database ${copy.database}`, 55, () =>
            restoreStream({ conn: copy.conn, database: copy.database, engine: copy.engine, format, input, signal: ctx.signal }),
          );
          Object.assign(set, copy.vars);
          secret.push(...copy.secret);
          ctx.log(`Database ${part.name} copied to ${copy.database} (user ${copy.username}), linked as ${copy.prefix}_*`);
        }

        const created = await ctx.step(`Recording the app ${p.name}`, 60, () =>
          d.clone.createApp({ server: serverId, name: p.name, compose, envFile, set, secret, templateId: null, templateVersion: null, createdBy: p.by }),
        );
        made.appId = created.app.id;
        journal.save();
        for (const m of created.moved) ctx.log(`Host port ${m.from} -> ${m.to} (service ${m.service})`);
        for (const n of created.notes) ctx.log(n, "warn");
        for (const copy of copies) await d.clone.attachDatabase(created.app.id, copy);

        const live = new Map((await target.call("volumes.list", {})).map((v) => [v.name, v.labels]));
        for (const v of volumeParts) {
          // Labelled as Compose would label it, so `compose up` adopts it as the project's own.
          const labels = { ...(live.get(v.part.name) ?? {}), "com.docker.compose.project": p.name, "com.docker.compose.volume": v.key };
          const vol = await target.call("volumes.create", { name: v.name, labels });
          made.volumes.push(v.name);
          journal.save();
          if (!vol.mountpoint) throw invalid("clone_volume_mountpoint", `Volume ${v.name} has no local mountpoint to fill.`);
          await ctx.step(`Filling volume ${v.name} from ${v.part.name}`, 75, () => extractTo(vol.mountpoint!, plain(dir, key, v.part)));
        }

        const folder = join(d.appsDir, p.name);
        mkdirSync(folder, { recursive: true, mode: 0o700 });
        made.folder = folder;
        journal.save();
        // Bind-mounted files beside the compose file come along; the deploy rewrites the compose file, .env and overlay.
        await ctx.step("Copying the app folder", 80, () => extractTo(folder, plain(dir, key, files)));

        ctx.progress(80, `Deploying ${p.name}`);
        await d.clone.deployApp(ctx, created.app.id);
        made.deployed = true;
      } catch (err) {
        ctx.log(`Clone failed: ${(err as Error).message}. Removing everything it created; ${original} was not touched.`, "error");
        await undoClone(d, target, made, (line) => ctx.log(line, "warn"));
        throw err;
      } finally {
        journal.done();
        rmSync(dir, { recursive: true, force: true });
      }
      ctx.log(`${p.name} is running: a copy of ${original} from backup ${backup.id}`);
      return { appId: made.appId, app: p.name, backupId: backup.id, databases: made.dbs.map((c) => c.database), volumes: made.volumes };
    },
  };
}
