// Backups through the API with real parts: an app on Docker with a volume, a linked PostgreSQL
// database, a local folder and an S3 API server (s3rver). Back up, wipe, restore, compare; a
// corrupted backup is refused before anything is touched; a run cut short leaves nothing behind.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SQL } from "bun";
import { schema } from "../db/index.ts";
import { startPostgres } from "../databases/testing.ts";
import { startS3rver } from "../backups/storage/testing.ts";
import { createTestApp, docker, waitJob as waitJobOf, type TestClient } from "./testing.ts";

let pg: Awaited<ReturnType<typeof startPostgres>>;
let s3: Awaited<ReturnType<typeof startS3rver>>;
let t: Awaited<ReturnType<typeof createTestApp>>;
let owner: TestClient;
let operator: TestClient;
let work: string;
let appId: number;
let env: Record<string, string>;
const FIXTURES = join(import.meta.dir, "../../test/fixtures/templates");
const APP = "backup-app";

const waitJob = (id: string, ms = 90_000) => waitJobOf(owner, id, ms);


const web = async () => (await docker(["ps", "-q", "--filter", `label=com.docker.compose.project=${APP}`, "--filter", "label=com.docker.compose.service=web"])).trim();
const sh = async (cmd: string) => docker(["exec", await web(), "sh", "-c", cmd]);

/** The app's data as a user would check it: files in the volume and rows in the database. */
async function fingerprint(): Promise<{ files: string; rows: string }> {
  const files = await sh("cd /data && for f in $(ls | sort); do echo \"$f $(sha256sum \"$f\" | cut -d' ' -f1)\"; done");
  const sql = new SQL({ adapter: "postgres", hostname: pg.conn.host, port: pg.conn.port, username: env.DB_USER, password: env.DB_PASSWORD, database: env.DB_NAME });
  try {
    const rows = await sql`SELECT id, name, md5(coalesce(note, '')) AS h FROM items ORDER BY id`;
    return { files, rows: JSON.stringify(rows) };
  } finally {
    await sql.close();
  }
}

async function appSql(fn: (sql: SQL) => Promise<unknown>) {
  const sql = new SQL({ adapter: "postgres", hostname: pg.conn.host, port: pg.conn.port, username: env.DB_USER, password: env.DB_PASSWORD, database: env.DB_NAME });
  try {
    await fn(sql);
  } finally {
    await sql.close();
  }
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "sk-backups-api-"));
  [pg, s3] = await Promise.all([startPostgres(), startS3rver({ buckets: ["backups"] })]);
  t = await createTestApp("bun-sqlite", `templatesDir: ${JSON.stringify(FIXTURES)}\nports:\n  min: 18950\n  max: 18999\n`);
  owner = await t.owner();
  operator = await t.userWithRole(owner, "operator");
  const created = await owner.request("POST", "/apps", { name: APP, templateId: "two-service", variables: { GREETING: "hi" } });
  if (created.status !== 202) throw new Error(JSON.stringify(created.body));
  await waitJob(created.body.job.id);
  appId = created.body.app.id;
  const server = await owner.request("POST", "/database-servers", { engine: "postgres", name: "pg", host: pg.conn.host, port: pg.conn.port, adminUser: pg.conn.user, adminPassword: pg.conn.password });
  if (server.status !== 201) throw new Error(`register: ${JSON.stringify(server.body)}`);
  const link = await owner.request("POST", `/apps/${appId}/databases`, { databaseServerId: server.body.databaseServer.id });
  if (link.status !== 202) throw new Error(`link: ${JSON.stringify(link.body)}`);
  await waitJob(link.body.job.id);
  env = Object.fromEntries(((await owner.request("GET", `/apps/${appId}/env`)).body.env as { key: string; value: string }[]).map((e) => [e.key, e.value]));
  await appSql(async (sql) => {
    await sql`CREATE TABLE items (id int PRIMARY KEY, name text, note text)`;
    for (let i = 1; i <= 200; i++) await sql`INSERT INTO items VALUES (${i}, ${`item ${i} ✓`}, ${i % 7 ? `note ${i}` : null})`;
  });
  await sh("head -c 300000 /dev/urandom > /data/random.bin && echo 'hello backup' > '/data/a file.txt' && mkdir -p /data/sub && echo nested > /data/sub/n.txt");
}, 120_000);

afterAll(async () => {
  const ids = (await docker(["ps", "-aq", "--filter", `label=com.docker.compose.project=${APP}`]).catch(() => "")).split("\n").filter(Boolean);
  if (ids.length) await docker(["rm", "-f", ...ids]).catch(() => undefined);
  await docker(["volume", "rm", `${APP}_data`]).catch(() => undefined);
  await docker(["network", "rm", `${APP}_default`]).catch(() => undefined);
  await t?.close();
  await Promise.all([pg?.stop(), s3?.stop()]);
  rmSync(work, { recursive: true, force: true });
});

describe("backups of an app with a volume and a linked database", () => {
  let localPlan: number;
  let localBackup: string;
  let before: Awaited<ReturnType<typeof fingerprint>>;

  test("a plan whose storage does not work is refused when saved", async () => {
    const r = await owner.request("POST", "/backup-plans", {
      name: "bad bucket",
      scope: "app",
      appId,
      storage: { kind: "s3", endpoint: s3.endpoint, bucket: "missing-bucket", accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.body.error.code).toBe("bucket_not_found");
    expect((await operator.request("POST", "/backup-plans", { name: "x", scope: "app", appId, storage: { kind: "local", path: join(work, "x") } })).status).toBe(403);
  });

  test("back up to a local folder: volume, app files and database, sealed, with a manifest", async () => {
    const r = await owner.request("POST", "/backup-plans", { name: "nightly", scope: "app", appId, storage: { kind: "local", path: join(work, "local") }, schedule: "0 3 * * *", retention: { keepLast: 3 } });
    expect(r.status).toBe(201);
    expect(r.body.plan.storage).toEqual({ kind: "local", label: expect.stringContaining(join(work, "local")) });
    localPlan = r.body.plan.id;
    before = await fingerprint();
    const run = await operator.request("POST", `/backup-plans/${localPlan}/run`);
    expect(run.status).toBe(202);
    const job = await waitJob(run.body.job.id);
    expect({ status: job.status, error: job.error }).toEqual({ status: "succeeded", error: null });
    const [b] = (await owner.request("GET", `/backups?plan=${localPlan}`)).body.items;
    expect(b).toMatchObject({ status: "succeeded", reason: "manual" });
    expect(b.parts.map((p: { kind: string }) => p.kind).sort()).toEqual(["database", "files", "volume"]);
    localBackup = b.id;
    // Sealed: the stored bytes do not contain the plain data.
    const root = join(work, "local");
    const files = readdirSync(root, { recursive: true }).map(String);
    expect(files.some((f) => f.endsWith("manifest.json"))).toBe(true);
    for (const f of files.filter((f) => f.endsWith(".sealed"))) expect(readFileSync(join(root, f)).includes("hello backup")).toBe(false);
  });

  test("wipe the data, restore, and everything is identical", async () => {
    await sh("rm -rf /data/* && echo intruder > /data/new.txt");
    await appSql((sql) => sql`DELETE FROM items WHERE id > 10`);
    expect(await fingerprint()).not.toEqual(before);
    const wrong = await owner.request("POST", `/backups/${localBackup}/restore`, { confirm: "nope" });
    expect(wrong.body.error.code).toBe("confirm_mismatch");
    const r = await owner.request("POST", `/backups/${localBackup}/restore`, { confirm: APP });
    expect(r.status).toBe(202);
    const job = await waitJob(r.body.job.id);
    expect({ status: job.status, error: job.error }).toEqual({ status: "succeeded", error: null });
    expect(await fingerprint()).toEqual(before);
    // A safety backup of the state before the restore was taken first.
    const reasons = ((await owner.request("GET", `/backups?plan=${localPlan}`)).body.items as { reason: string }[]).map((b) => b.reason);
    expect(reasons).toContain("safety");
  });

  test("a corrupted backup is refused before anything is touched", async () => {
    await appSql((sql) => sql`UPDATE items SET name = 'changed after backup' WHERE id = 1`);
    const current = await fingerprint();
    const root = join(work, "local");
    const part = readdirSync(root, { recursive: true }).map(String).find((f) => f.includes(localBackup.slice(-6)) && f.endsWith("volume.tar.zst.sealed"))!;
    const bytes = readFileSync(join(root, part));
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    writeFileSync(join(root, part), bytes);
    const r = await owner.request("POST", `/backups/${localBackup}/restore`, { confirm: APP });
    const job = await waitJob(r.body.job.id);
    expect(job.status).toBe("failed");
    expect(job.error).toMatch(/does not match the manifest/);
    expect(await fingerprint()).toEqual(current);
  });

  test("back up to S3 and restore from it", async () => {
    const r = await owner.request("POST", "/backup-plans", {
      name: "offsite",
      scope: "app",
      appId,
      storage: { kind: "s3", endpoint: s3.endpoint, bucket: "backups", prefix: "serverkit", accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    expect(r.status).toBe(201);
    expect(JSON.stringify(r.body)).not.toContain(s3.secretAccessKey);
    const plan = r.body.plan.id;
    const snapshot = await fingerprint();
    const job = await waitJob((await owner.request("POST", `/backup-plans/${plan}/run`)).body.job.id);
    expect({ status: job.status, error: job.error }).toEqual({ status: "succeeded", error: null });
    const [b] = (await owner.request("GET", `/backups?plan=${plan}`)).body.items;
    await sh("rm -rf /data/*");
    await appSql((sql) => sql`DELETE FROM items`);
    const restore = await waitJob((await owner.request("POST", `/backups/${b.id}/restore`, { confirm: APP })).body.job.id);
    expect({ status: restore.status, error: restore.error }).toEqual({ status: "succeeded", error: null });
    expect(await fingerprint()).toEqual(snapshot);
  });

  test("a run the panel did not finish is marked failed and its files are removed at start", async () => {
    const prefix = "plan-x/interrupted";
    const dir = join(work, "local", prefix);
    Bun.spawnSync(["mkdir", "-p", dir]);
    writeFileSync(join(dir, "001-volume.tar.zst.sealed"), "partial");
    await t.db.db.insert(schema.backups).values({ id: "interrupted1", planId: localPlan, appId, status: "running", reason: "schedule", prefix, bytes: 0, createdAt: Date.now() });
    await t.services.backups.start();
    t.services.backups.stop();
    expect(existsSync(join(dir, "001-volume.tar.zst.sealed"))).toBe(false);
    expect((await owner.request("GET", "/backups/interrupted1")).body.backup).toMatchObject({ status: "failed", error: expect.stringContaining("Interrupted") });
  });
});

describe("restore drills", () => {
  test("a drill restores the latest backup into throwaway copies and records the verdict", async () => {
    const plan = (await owner.request("GET", "/backup-plans")).body.items.find((p: { name: string }) => p.name === "offsite");
    const r = await operator.request("POST", `/backup-plans/${plan.id}/drill`);
    expect(r.status).toBe(202);
    const job = await waitJob(r.body.job.id);
    expect({ status: job.status, error: job.error }).toEqual({ status: "succeeded", error: null });
    const [b] = (await owner.request("GET", `/backups?plan=${plan.id}`)).body.items.filter((x: { reason: string }) => x.reason !== "safety");
    expect(b.verifyStatus).toBe("passed");
    expect(b.verifiedAt).toBeTruthy();
    const details = b.verifyDetails.map((c: { part: string; detail: string }) => `${c.part}: ${c.detail}`).join("\n");
    expect(details).toContain("tables");
    expect(details).toMatch(/volume .*files/);
    // The throwaway database is gone; the app's own is untouched.
    const names = (await owner.request("GET", "/database-servers")).body.items;
    const dbs = (await owner.request("GET", `/database-servers/${names[0].id}/databases`)).body.items.map((d: { name: string }) => d.name);
    expect(dbs.filter((n: string) => n.startsWith("backup_app_"))).toEqual([]);
  });

  test("a drill of a corrupted backup fails and says why", async () => {
    const plan = (await owner.request("GET", "/backup-plans")).body.items.find((p: { name: string }) => p.name === "nightly");
    const [bad] = (await owner.request("GET", `/backups?plan=${plan.id}`)).body.items.filter((x: { reason: string; status: string }) => x.reason === "manual" && x.status === "succeeded");
    const r = await operator.request("POST", `/backup-plans/${plan.id}/drill`);
    const job = await waitJob(r.body.job.id);
    expect(job.status).toBe("failed");
    const after = (await owner.request("GET", `/backups/${bad.id}`)).body.backup;
    expect(after.verifyStatus).toBe("failed");
    expect(JSON.stringify(after.verifyDetails)).toContain("does not match the manifest");
  });
});

describe("a restore cut short by a panel crash", () => {
  test("is undone at the next start: staged copies go, swapped data come back, the app runs", async () => {
    const before = await fingerprint();
    const vol = (await docker(["volume", "inspect", "--format", "{{.Mountpoint}}", `${APP}_data`])).trim();
    const staging = join(t.services.config.dataDir, "restore-staging");
    Bun.spawnSync(["mkdir", "-p", staging]);
    // As the journal would look after the volume swap began: live moved to .old, a half-restored tree in its place.
    const old = `${vol}.old-crash`;
    Bun.spawnSync(["cp", "-a", vol, old]);
    Bun.spawnSync(["sh", "-c", `rm -rf "${vol}"/* && echo half > "${vol}/half.txt"`]);
    const stagedDir = join(vol, "..", "_data.restore-crash");
    Bun.spawnSync(["mkdir", "-p", stagedDir]);
    await docker(["stop", await web()]);
    writeFileSync(
      join(staging, "crash1.journal.json"),
      JSON.stringify({ app: APP, serverId: "local", phase: "swapping", dirs: [{ live: vol, staged: stagedDir, old }], dbs: [] }),
    );
    await t.services.backups.start();
    t.services.backups.stop();
    expect(existsSync(old)).toBe(false);
    expect(existsSync(stagedDir)).toBe(false);
    expect(existsSync(join(staging, "crash1.journal.json"))).toBe(false);
    expect(await fingerprint()).toEqual(before);
  });
});
