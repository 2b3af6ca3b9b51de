// "Restore as a new app" through the API with real parts: an app on Docker with a volume and a
// linked PostgreSQL database is backed up, then cloned under a new name. The clone runs with
// its own volume, database, user and host port; the original keeps running, untouched. A name
// that is taken is a 409; a corrupted backup is refused and nothing of the clone is created.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SQL } from "bun";
import { startPostgres } from "../databases/testing.ts";
import { createTestApp, docker, waitJob as waitJobOf, type TestClient } from "./testing.ts";

let pg: Awaited<ReturnType<typeof startPostgres>>;
let t: Awaited<ReturnType<typeof createTestApp>>;
let owner: TestClient;
let operator: TestClient;
let work: string;
let appId: number;
let backupId: string;
let pgServerId: number;
const FIXTURES = join(import.meta.dir, "../../test/fixtures/templates");
const APP = "clone-src";
const CLONE = "clone-copy";
const BAD = "clone-bad";
const FAIL = "clone-fail";
const CRASH = "clone-crash";

const waitJob = (id: string, ms = 120_000) => waitJobOf(owner, id, ms);
const envOf = async (id: number) => Object.fromEntries(((await owner.request("GET", `/apps/${id}/env`)).body.env as { key: string; value: string }[]).map((e) => [e.key, e.value]));
const web = async (project: string) => (await docker(["ps", "-q", "--filter", `label=com.docker.compose.project=${project}`, "--filter", "label=com.docker.compose.service=web"])).trim();
const sh = async (project: string, cmd: string) => docker(["exec", await web(project), "sh", "-c", cmd]);
const volumeFiles = (project: string) => sh(project, "cd /data && find . -type f | sort | while read f; do echo \"$f $(sha256sum \"$f\" | cut -d' ' -f1)\"; done");

async function rowsChecksum(env: Record<string, string>): Promise<string> {
  const sql = new SQL({ adapter: "postgres", hostname: pg.conn.host, port: pg.conn.port, username: env.DB_USER, password: env.DB_PASSWORD, database: env.DB_NAME });
  try {
    const [row] = await sql`SELECT count(*)::int AS n, md5(string_agg(id || ':' || name || ':' || coalesce(note, '∅'), ',' ORDER BY id)) AS h FROM items`;
    return `${row.n} ${row.h}`;
  } finally {
    await sql.close();
  }
}

/** Everything a user could see of an app that should not exist. */
async function traces(name: string) {
  const apps = (await owner.request("GET", "/apps")).body.items.map((a: { name: string }) => a.name);
  const volumes = (await docker(["volume", "ls", "-q", "--filter", `name=${name}`])).trim();
  const containers = (await docker(["ps", "-aq", "--filter", `label=com.docker.compose.project=${name}`])).trim();
  const dbs = (await owner.request("GET", `/database-servers/${pgServerId}/databases`)).body.items.map((d: { name: string }) => d.name);
  const users = (await owner.request("GET", `/database-servers/${pgServerId}/users`)).body.items.map((u: { username: string }) => u.username);
  const dbPrefix = name.replace(/-/g, "_");
  return {
    app: apps.includes(name),
    folder: existsSync(join(t.services.config.appsDir, name)),
    volumes,
    containers,
    databases: dbs.filter((d: string) => d.startsWith(dbPrefix)),
    users: users.filter((u: string) => u.startsWith(dbPrefix)),
  };
}
const nothing = { app: false, folder: false, volumes: "", containers: "", databases: [], users: [] };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "sk-clone-api-"));
  await removeProjects();
  pg = await startPostgres();
  t = await createTestApp("bun-sqlite", `templatesDir: ${JSON.stringify(FIXTURES)}\nports:\n  min: 18900\n  max: 18949\n`);
  owner = await t.owner();
  operator = await t.userWithRole(owner, "operator");
  const created = await owner.request("POST", "/apps", { name: APP, templateId: "two-service", variables: { GREETING: "hi" } });
  if (created.status !== 202) throw new Error(JSON.stringify(created.body));
  await waitJob(created.body.job.id);
  appId = created.body.app.id;
  const server = await owner.request("POST", "/database-servers", { engine: "postgres", name: "pg", host: pg.conn.host, port: pg.conn.port, adminUser: pg.conn.user, adminPassword: pg.conn.password });
  pgServerId = server.body.databaseServer.id;
  const link = await owner.request("POST", `/apps/${appId}/databases`, { databaseServerId: pgServerId });
  await waitJob(link.body.job.id);
  const env = await envOf(appId);
  const sql = new SQL({ adapter: "postgres", hostname: pg.conn.host, port: pg.conn.port, username: env.DB_USER, password: env.DB_PASSWORD, database: env.DB_NAME });
  await sql`CREATE TABLE items (id int PRIMARY KEY, name text, note text)`;
  for (let i = 1; i <= 150; i++) await sql`INSERT INTO items VALUES (${i}, ${`item ${i} ✓`}, ${i % 5 ? `note ${i}` : null})`;
  await sql.close();
  await sh(APP, "head -c 200000 /dev/urandom > /data/random.bin && echo 'hello clone' > '/data/a file.txt' && mkdir -p /data/sub && echo nested > /data/sub/n.txt");
  const plan = await owner.request("POST", "/backup-plans", { name: "for clones", scope: "app", appId, storage: { kind: "local", path: join(work, "local") } });
  const run = await waitJob((await owner.request("POST", `/backup-plans/${plan.body.plan.id}/run`)).body.job.id);
  if (run.status !== "succeeded") throw new Error(`backup failed: ${run.error}`);
  backupId = (await owner.request("GET", `/backups?plan=${plan.body.plan.id}`)).body.items[0].id;
}, 180_000);

/** Containers, volumes and networks of these projects, also those left by an earlier run cut short. */
async function removeProjects() {
  for (const project of [APP, CLONE, BAD, FAIL, CRASH]) {
    const ids = (await docker(["ps", "-aq", "--filter", `label=com.docker.compose.project=${project}`]).catch(() => "")).split("\n").filter(Boolean);
    if (ids.length) await docker(["rm", "-f", ...ids]).catch(() => undefined);
    await docker(["volume", "rm", `${project}_data`]).catch(() => undefined);
    await docker(["network", "rm", `${project}_default`]).catch(() => undefined);
  }
}

afterAll(async () => {
  await removeProjects();
  await t?.close();
  await pg?.stop();
  rmSync(work, { recursive: true, force: true });
}, 60_000);

describe("restore a backup as a new app", () => {
  test("the clone runs beside the original with its own copy of the files, volume and database", async () => {
    const originalEnv = await envOf(appId);
    const originalFiles = await volumeFiles(APP);
    const originalRows = await rowsChecksum(originalEnv);
    const originalContainer = await web(APP);
    const originalApp = (await owner.request("GET", `/apps/${appId}`)).body.app;

    expect((await operator.request("POST", `/backups/${backupId}/clone`, { name: CLONE })).status).toBe(403);
    const r = await owner.request("POST", `/backups/${backupId}/clone`, { name: CLONE });
    expect(r.status).toBe(202);
    expect(r.body.job.kind).toBe("backups.clone");
    const job = await waitJob(r.body.job.id);
    expect({ status: job.status, error: job.error }).toEqual({ status: "succeeded", error: null });

    // Recorded like any app, running, on a host port of its own, without domains.
    const listed = (await owner.request("GET", "/apps")).body.items.find((a: { name: string }) => a.name === CLONE);
    expect(listed).toBeTruthy();
    expect(job.result.appId).toBe(listed.id);
    const { app: clone, containers } = (await owner.request("GET", `/apps/${listed.id}`)).body;
    expect(clone.status).toBe("running");
    expect(containers.map((c: { state: string }) => c.state)).toEqual(["running", "running"]);
    const clonePorts = clone.ports.map((p: { hostPort: number }) => p.hostPort);
    const originalPorts = originalApp.ports.map((p: { hostPort: number }) => p.hostPort);
    expect(clonePorts).toHaveLength(1);
    expect(originalPorts).not.toContain(clonePorts[0]);
    expect(await (await fetch(`http://127.0.0.1:${clonePorts[0]}/`)).text()).toBe("hi from web\n");
    expect((await owner.request("GET", "/domains")).body.items.filter((d: { appId: number }) => d.appId === listed.id)).toEqual([]);

    // Its volume is its own, with the same files.
    expect(await volumeFiles(CLONE)).toBe(originalFiles);
    await sh(CLONE, "echo only-in-clone > /data/clone.txt");
    expect(await volumeFiles(APP)).toBe(originalFiles);

    // Its database: the same rows, in a different database, reached with a different user.
    const cloneEnv = await envOf(listed.id);
    expect(cloneEnv.DB_NAME).toBe("clone_copy");
    expect(cloneEnv.DB_NAME).not.toBe(originalEnv.DB_NAME);
    expect(cloneEnv.DB_USER).not.toBe(originalEnv.DB_USER);
    expect(cloneEnv.DATABASE_URL).toContain("/clone_copy");
    expect(cloneEnv.GREETING).toBe("hi");
    expect(await rowsChecksum(cloneEnv)).toBe(originalRows);
    // The running container sees the copy's credentials.
    expect((await sh(CLONE, "echo $DB_NAME $DB_USER")).trim()).toBe(`${cloneEnv.DB_NAME} ${cloneEnv.DB_USER}`);
    const links = (await owner.request("GET", `/apps/${listed.id}/databases`)).body.items;
    expect(links.map((l: { database: string; prefix: string }) => `${l.prefix} ${l.database}`)).toEqual(["DB clone_copy"]);
    // Writing to the clone's database leaves the original's alone.
    const sql = new SQL({ adapter: "postgres", hostname: pg.conn.host, port: pg.conn.port, username: cloneEnv.DB_USER, password: cloneEnv.DB_PASSWORD, database: cloneEnv.DB_NAME });
    await sql`DELETE FROM items WHERE id > 3`;
    await sql.close();
    expect(await rowsChecksum(originalEnv)).toBe(originalRows);

    // The original: same container (never stopped), same env, same data.
    expect(await web(APP)).toBe(originalContainer);
    expect((await docker(["inspect", "--format", "{{.State.Running}} {{.RestartCount}}", originalContainer])).trim()).toBe("true 0");
    expect(await envOf(appId)).toEqual(originalEnv);
    expect((await owner.request("GET", `/apps/${appId}`)).body.app.status).toBe("running");
  }, 180_000);

  test("a name that is taken is a 409, a name that is not an app name a 400", async () => {
    for (const name of [APP, CLONE]) {
      const r = await owner.request("POST", `/backups/${backupId}/clone`, { name });
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe("app_exists");
    }
    expect((await owner.request("POST", `/backups/${backupId}/clone`, { name: "Bad_Name" })).status).toBe(400);
    expect((await owner.request("POST", `/backups/${backupId}/clone`, { name: "-x" })).status).toBe(400);
  });

  test("a clone that fails to start takes away everything it created; the original runs on", async () => {
    // A container of the name Compose will give the clone's web service makes `compose up` fail,
    // after the databases, the record, the volume and the folder were made.
    await docker(["create", "--name", `${FAIL}_web_1`, "local/busybox:test", "true"]);
    try {
      const r = await owner.request("POST", `/backups/${backupId}/clone`, { name: FAIL });
      const job = await waitJob(r.body.job.id);
      expect(job.status).toBe("failed");
      const log = (await owner.request("GET", `/jobs/${job.id}/log`)).body.lines.map((l: { text: string }) => l.text).join("\n");
      expect(log).toContain("Loading clone_src into the new database clone_fail");
      expect(log).toContain("Filling volume clone-fail_data");
      expect(await traces(FAIL)).toEqual(nothing);
    } finally {
      await docker(["rm", "-f", `${FAIL}_web_1`]);
    }
    expect((await owner.request("GET", `/apps/${appId}`)).body.app.status).toBe("running");
  }, 180_000);

  test("what a clone cut short by a panel crash had created is removed at the next start", async () => {
    const copy = await t.services.databases.copies.create(pgServerId, CRASH, "DB");
    const { app } = await t.services.apps.createCopy(undefined, {
      server: "local", name: CRASH, compose: "services:\n  web:\n    image: local/busybox:test\n    ports: [\"18001:80\"]\n", envFile: "", set: copy.vars, secret: [], templateId: null, templateVersion: null,
    });
    await docker(["volume", "create", "--label", `com.docker.compose.project=${CRASH}`, `${CRASH}_data`]);
    const folder = join(t.services.config.appsDir, CRASH);
    Bun.spawnSync(["mkdir", "-p", folder]);
    const staging = join(t.services.config.dataDir, "restore-staging");
    Bun.spawnSync(["mkdir", "-p", staging]);
    writeFileSync(join(staging, "crash2.clone.json"), JSON.stringify({ serverId: "local", appId: app.id, deployed: false, volumes: [`${CRASH}_data`], folder, dbs: [copy] }));
    expect(await traces(CRASH)).toMatchObject({ app: true, folder: true, volumes: `${CRASH}_data`, databases: ["clone_crash"], users: [copy.username] });
    await t.services.backups.start();
    t.services.backups.stop();
    expect(await traces(CRASH)).toEqual(nothing);
    expect(existsSync(join(staging, "crash2.clone.json"))).toBe(false);
  }, 60_000);

  test("a corrupted backup is refused before anything of the clone is created", async () => {
    const root = join(work, "local");
    const part = readdirSync(root, { recursive: true }).map(String).find((f) => f.endsWith("database.pg-custom.sealed"))!;
    const bytes = readFileSync(join(root, part));
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    writeFileSync(join(root, part), bytes);
    const r = await owner.request("POST", `/backups/${backupId}/clone`, { name: BAD });
    expect(r.status).toBe(202);
    const job = await waitJob(r.body.job.id);
    expect(job.status).toBe("failed");
    expect(job.error).toMatch(/does not match the manifest/);
    expect(await traces(BAD)).toEqual(nothing);
    expect((await owner.request("GET", `/apps/${appId}`)).body.app.status).toBe("running");
  });
});
