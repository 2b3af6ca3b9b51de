// The files of an app on this server: <appsDir>/<app>/docker-compose.yml and .env.
// Written beside the old ones and renamed into place, so a crash never leaves half a file.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { join } from "node:path";
import { randomId } from "../../lib/ids.ts";
import { composeOnce } from "./compose-cli.ts";

export const COMPOSE_FILE = "docker-compose.yml";
export const ENV_FILE = ".env";
/** The panel's additions (linked databases), merged over the app's compose file by the CLI. */
export const OVERLAY_FILE = "docker-compose.serverkit.yml";

/** `app` is validated by the protocol schema as a DNS label, so it cannot climb out of appsDir. */
export const appDir = (appsDir: string, app: string) => join(appsDir, app);

function writeAtomic(path: string, content: string, mode: number): void {
  const next = `${path}.next`;
  writeFileSync(next, content, { mode });
  chmodSync(next, mode); // the umask must not widen or narrow it
  renameSync(next, path);
}

export function readAppFiles(appsDir: string, app: string) {
  const dir = appDir(appsDir, app);
  const read = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), "utf8") : null);
  return { compose: read(COMPOSE_FILE), env: read(ENV_FILE), dir };
}

export function writeAppFiles(appsDir: string, app: string, compose: string, env: string, overlay: string | null = null) {
  const dir = appDir(appsDir, app);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeAtomic(join(dir, ENV_FILE), env, 0o600);
  writeAtomic(join(dir, COMPOSE_FILE), compose, 0o640);
  if (overlay === null) rmSync(join(dir, OVERLAY_FILE), { force: true });
  else writeAtomic(join(dir, OVERLAY_FILE), overlay, 0o640);
  return { dir };
}

export function removeAppFiles(appsDir: string, app: string) {
  const dir = appDir(appsDir, app);
  const existed = existsSync(dir);
  rmSync(dir, { recursive: true, force: true });
  return { removed: existed };
}

/** Asks the Compose CLI whether these files are valid, in a scratch folder that is then removed. */
export async function validateCompose(appsDir: string, app: string, compose: string, env: string) {
  const scratch = join(appsDir, `.validate-${randomId(6)}`);
  mkdirSync(scratch, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(join(scratch, ENV_FILE), env, { mode: 0o600 });
    writeFileSync(join(scratch, COMPOSE_FILE), compose, { mode: 0o600 });
    const { ok, output } = await composeOnce({ dir: scratch, project: app, args: ["config", "-q"] });
    const error = ok ? null : output.replaceAll(scratch, `<apps>/${app}`).trim() || "the Compose CLI refused the file";
    return { ok, error, cli: "compose config" };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
