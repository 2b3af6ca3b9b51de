// Shared by the backup end-to-end files: follow jobs, reach into an app's containers and its
// linked PostgreSQL database, fingerprint its data the way a user would check it, clean up.
import { SQL } from "bun";
import type { Conn } from "../../src/databases/engines/types.ts";
import { dockerCli } from "../harness/docker";
import { API, type Client } from "../harness/panel";

export const FINISHED = ["succeeded", "failed", "cancelled", "interrupted"];

export async function waitJob(owner: Client, id: string, ms = 120_000) {
  const end = Date.now() + ms;
  for (;;) {
    const { body } = await owner.json(`${API}/jobs/${id}`);
    if (FINISHED.includes(body.job.status)) return body.job;
    if (Date.now() > end) throw new Error(`job ${id} still ${body.job.status}`);
    await Bun.sleep(100);
  }
}

export async function jobLog(owner: Client, id: string): Promise<string> {
  const { body } = await owner.json(`${API}/jobs/${id}/log`);
  return body.lines.map((l: { text: string }) => l.text).join("\n");
}

export async function waitFor(what: string, fn: () => Promise<boolean> | boolean, ms = 30_000, everyMs = 50): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await Bun.sleep(everyMs);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

/** docker CLI that throws with stderr on a non-zero exit. */
export async function docker(args: string[], timeoutMs = 60_000): Promise<string> {
  const r = await dockerCli(args, { timeoutMs });
  if (r.exitCode !== 0) throw new Error(`docker ${args.join(" ")}: ${r.stderr.trim()}`);
  return r.stdout;
}

export const webContainer = async (app: string) =>
  (await docker(["ps", "-q", "--filter", `label=com.docker.compose.project=${app}`, "--filter", "label=com.docker.compose.service=web"])).trim();

/** A shell command inside the app's running web container. */
export async function appSh(app: string, cmd: string, timeoutMs = 60_000): Promise<string> {
  const id = await webContainer(app);
  if (!id) throw new Error(`${app}: no running web container`);
  return docker(["exec", id, "sh", "-c", cmd], timeoutMs);
}

export const volumeMountpoint = async (app: string) => (await docker(["volume", "inspect", "-f", "{{.Mountpoint}}", `${app}_data`])).trim();

/** The app's DB_* variables, as the link put them in its environment. */
export async function appEnv(owner: Client, appId: number): Promise<Record<string, string>> {
  const { body } = await owner.json(`${API}/apps/${appId}/env`);
  return Object.fromEntries((body.env as { key: string; value: string }[]).map((e) => [e.key, e.value]));
}

/** Runs `fn` on the app's own database with the app's own credentials (over TCP from the host). */
export async function withAppDb<T>(pg: Conn, env: Record<string, string>, fn: (sql: SQL) => Promise<T>): Promise<T> {
  const sql = new SQL({ adapter: "postgres", hostname: pg.host, port: pg.port, username: env.DB_USER, password: env.DB_PASSWORD, database: env.DB_NAME, max: 1 });
  try {
    return await fn(sql);
  } finally {
    await sql.close();
  }
}

/** Databases on the server whose names start with `prefix` (admin connection). */
export async function databasesLike(pg: Conn, prefix: string): Promise<string[]> {
  const sql = new SQL({ adapter: "postgres", hostname: pg.host, port: pg.port, username: pg.user, password: pg.password, database: "postgres", max: 1 });
  try {
    const rows = await sql`SELECT datname FROM pg_database WHERE starts_with(datname, ${prefix}) ORDER BY datname`;
    return rows.map((r: { datname: string }) => r.datname);
  } finally {
    await sql.close();
  }
}

/** The app's data as a user would check it: every file in /data with its sha256, and the rows of `items`. */
export async function fingerprint(app: string, pg: Conn, env: Record<string, string>): Promise<{ files: string; rows: string }> {
  const files = await appSh(app, "cd /data && find . -type f | sort | while read -r f; do echo \"$f $(sha256sum \"$f\" | cut -d' ' -f1)\"; done");
  const rows = await withAppDb(pg, env, async (sql) => {
    const r = await sql`SELECT count(*)::int AS n, md5(string_agg(id::text || ':' || name || ':' || coalesce(note, '-'), ',' ORDER BY id)) AS h FROM items`;
    return JSON.stringify(r[0]);
  });
  return { files, rows };
}

/** Removes the app's containers, volume and network (whatever the panel left). */
export async function removeAppLeftovers(app: string): Promise<void> {
  const ids = (await dockerCli(["ps", "-aq", "--filter", `label=com.docker.compose.project=${app}`])).stdout.split("\n").filter(Boolean);
  if (ids.length) await dockerCli(["rm", "-f", "-v", ...ids]);
  await dockerCli(["volume", "rm", `${app}_data`]);
  await dockerCli(["network", "rm", `${app}_default`]);
}
