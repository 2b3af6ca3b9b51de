// The panel SIGKILLed in the middle of a backup and in the middle of a restore, through the
// compiled binary with real parts (Docker volume, PostgreSQL, a local folder, s3rver): after the
// restart the jobs are interrupted, the app runs with its data intact, and nothing partial is
// left in storage, beside the volume, on the database server or in the panel's data dir.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { S3Client } from "bun";
import { startS3rver, type S3rverHandle } from "../../src/backups/storage/testing.ts";
import { startPostgres, type TestPostgres } from "../../src/databases/testing.ts";
import { requireDocker } from "../harness/docker";
import { API, REPO_ROOT, setupOwner, startPanel, type Client, type Panel } from "../harness/panel";
import { appEnv, appSh, databasesLike, fingerprint, jobLog, removeAppLeftovers, volumeMountpoint, waitFor, waitJob, withAppDb } from "./backup-support";

const APP = "e2e-bkcrash";
const BUCKET = "backups";
/**
 * Random bytes do not compress: the volume part takes seconds, long enough to be cut short
 * (the local plan's helper path seals ~400 MiB/s, so 256 MiB left too thin a margin).
 */
const BIG_MB = 512;
const ROWS = 2_000;

let work: string;
let pg: TestPostgres;
let s3: S3rverHandle;
let panel: Panel;

/** `serverkit __seal-part` processes whose parent is `pid`. */
function sealHelpersOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        const stat = readFileSync(`/proc/${e}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid && readFileSync(`/proc/${e}/cmdline`, "utf8").includes("__seal-part");
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Running (a zombie waiting for init to reap it counts as gone). */
function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
  } catch {
    return false;
  }
}
let owner: Client;
let appId: number;
let env: Record<string, string>;
let localPlan: number;
let s3Plan: number;

const localRoot = () => join(work, "local");
/** Every file under the local backup folder, recursively (partials included). */
const localFiles = () => (existsSync(localRoot()) ? readdirSync(localRoot(), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)) : []);
const bucket = () => new S3Client({ endpoint: s3.endpoint, bucket: BUCKET, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, region: "us-east-1", virtualHostedStyle: false });
const s3Keys = async () => ((await bucket().list({ prefix: "" })).contents ?? []).map((o) => o.key);
const data = () => fingerprint(APP, pg.conn, env);
const backupsOf = async (plan: number) => (await owner.json(`${API}/backups?plan=${plan}`)).body.items as { id: string; status: string; error: string | null; jobId: string }[];

async function startRun(plan: number): Promise<string> {
  const r = await owner.json(`${API}/backup-plans/${plan}/run`, { method: "POST" });
  expect(r.status).toBe(202);
  return r.body.job.id;
}

async function expectAppRunning(): Promise<void> {
  const { body } = await owner.json(`${API}/apps/${appId}`);
  expect(body.app.status).toBe("running");
  expect(body.containers.map((c: { state: string }) => c.state)).toEqual(["running", "running"]);
}

beforeAll(async () => {
  await requireDocker();
  work = mkdtempSync(join(tmpdir(), "sk-e2e-bkcrash-"));
  [pg, s3] = await Promise.all([startPostgres(), startS3rver({ buckets: [BUCKET] })]);
  panel = await startPanel({ config: `templatesDir: ${JSON.stringify(join(REPO_ROOT, "test/fixtures/templates"))}\nports:\n  min: 19100\n  max: 19149\n` });
  owner = await setupOwner(panel);

  const created = await owner.json(`${API}/apps`, { method: "POST", json: { name: APP, templateId: "two-service", variables: { GREETING: "crash me" } } });
  expect(created.status).toBe(202);
  expect((await waitJob(owner, created.body.job.id)).status).toBe("succeeded");
  appId = created.body.app.id;
  const server = await owner.json(`${API}/database-servers`, { method: "POST", json: { engine: "postgres", name: "pg", host: pg.conn.host, port: pg.conn.port, adminUser: pg.conn.user, adminPassword: pg.conn.password } });
  expect(server.status).toBe(201);
  const link = await owner.json(`${API}/apps/${appId}/databases`, { method: "POST", json: { databaseServerId: server.body.databaseServer.id } });
  expect(link.status).toBe(202);
  expect((await waitJob(owner, link.body.job.id)).status).toBe("succeeded");
  env = await appEnv(owner, appId);

  await Promise.all([
    withAppDb(pg.conn, env, async (sql) => {
      await sql`CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, note text)`;
      await sql`INSERT INTO items SELECT i, 'item ' || i, CASE WHEN i % 7 = 0 THEN NULL ELSE md5(i::text) END FROM generate_series(1, ${ROWS}) AS i`;
    }),
    appSh(APP, `head -c ${BIG_MB * 1024 * 1024} /dev/urandom > /data/big.bin && echo 'hello backup' > '/data/a file.txt' && mkdir -p /data/sub && echo nested > /data/sub/n.txt`),
  ]);

  const plan = async (name: string, storage: unknown) => {
    const r = await owner.json(`${API}/backup-plans`, { method: "POST", json: { name, scope: "app", appId, storage } });
    expect(r.status).toBe(201);
    return r.body.plan.id as number;
  };
  localPlan = await plan("local", { kind: "local", path: localRoot() });
  s3Plan = await plan("offsite", { kind: "s3", endpoint: s3.endpoint, bucket: BUCKET, prefix: "serverkit", accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });
}, 120_000);

afterAll(async () => {
  await panel?.stop();
  await removeAppLeftovers(APP);
  await Promise.all([pg?.stop(), s3?.stop()]);
  if (work) rmSync(work, { recursive: true, force: true });
}, 60_000);

describe("a panel killed mid-backup and mid-restore", () => {
  test("SIGKILL while both plans are writing: jobs interrupted, backups failed, storage empty, app and data intact", async () => {
    const before = await data();
    const jobs = [await startRun(localPlan), await startRun(s3Plan)];
    // Both jobs are inside the volume part, and each storage holds the object being written.
    await waitFor("both runs in their volume part", async () => (await Promise.all(jobs.map((j) => jobLog(owner, j)))).every((l) => l.includes("Part 1/")));
    await waitFor("a .partial file in the local folder", () => localFiles().some((f) => f.endsWith(".partial")));
    // The local part is written by the binary's sealing helper, straight into that file (the
    // .partial is opened just before the helper starts: wait for it, not just look).
    let helpers: number[] = [];
    await waitFor("the sealing helper running", () => (helpers = sealHelpersOf(panel.pid)).length === 1, 10_000, 10);
    await waitFor("a multipart upload in progress on s3rver", () => s3.pendingUploads(BUCKET).length > 0);
    for (const j of jobs) expect(await jobLog(owner, j)).not.toContain("Backup complete");

    await panel.kill("SIGKILL");
    // It dies with the panel (PR_SET_PDEATHSIG): nothing goes on writing a backup nobody will finish.
    await waitFor("the sealing helper gone", () => helpers.every((pid) => !alive(pid)), 5_000);
    await panel.restart(); // answers once it has cleaned up after the crash

    for (const id of jobs) {
      const { body } = await owner.json(`${API}/jobs/${id}`);
      expect(body.job).toMatchObject({ status: "interrupted", error: expect.stringContaining("panel stopped") });
    }
    for (const plan of [localPlan, s3Plan]) {
      const rows = await backupsOf(plan);
      expect(rows.map((b) => ({ status: b.status, error: b.error, jobId: b.jobId }))).toEqual([
        { status: "failed", error: expect.stringContaining("Interrupted"), jobId: jobs[plan === localPlan ? 0 : 1]! },
      ]);
    }
    expect(localFiles()).toEqual([]);
    expect(await s3Keys()).toEqual([]);
    expect(s3.pendingUploads(BUCKET)).toEqual([]);

    await expectAppRunning();
    expect(await data()).toEqual(before);
  }, 120_000);

  test("SIGKILL while a restore stages its copies: job interrupted, the changed data stay, no staging leftovers", async () => {
    const good = await waitJob(owner, await startRun(localPlan));
    expect({ status: good.status, error: good.error }).toEqual({ status: "succeeded", error: null });
    const [backup] = await backupsOf(localPlan);
    expect(backup!.status).toBe("succeeded");

    await appSh(APP, "echo changed > '/data/a file.txt' && rm -r /data/sub && echo new > /data/new.txt");
    await withAppDb(pg.conn, env, (sql) => sql`UPDATE items SET name = 'changed after the backup' WHERE id <= 10`);
    const changed = await data();
    const mountpoint = await volumeMountpoint(APP);
    const stagedDirs = () => readdirSync(dirname(mountpoint)).filter((n) => n !== "_data");
    const stagingDbs = () => databasesLike(pg.conn, `${env.DB_NAME}_`);
    const stagingDir = join(panel.dataDir, "restore-staging");

    const r = await owner.json(`${API}/backups/${backup!.id}/restore`, { method: "POST", json: { confirm: APP } });
    expect(r.status).toBe(202);
    const job = r.body.job.id as string;
    // Cut it short as soon as the dump starts loading into a staging database: by then the parts
    // are downloaded and checked, and the volume is unpacked beside the live one.
    let log = "";
    await waitFor("the database loading into staging", async () => (log = await jobLog(owner, job)).includes("Loading database"), 60_000, 20);
    await panel.kill("SIGKILL");
    expect(log).toContain("Verified 001-volume.tar.zst.sealed");
    expect(log).toContain(`Unpacking volume ${APP}_data`);
    // What the restore had staged is all there while the panel is down...
    expect(stagedDirs()).toEqual([expect.stringMatching(/^_data\.restore-[0-9a-z]+$/)]);
    expect(await stagingDbs()).toEqual([expect.stringMatching(new RegExp(`^${env.DB_NAME}_r[0-9a-f]{6}$`))]);
    expect(readdirSync(stagingDir).length).toBeGreaterThan(0);

    // ...and gone once it is back.
    await panel.restart();
    expect((await owner.json(`${API}/jobs/${job}`)).body.job).toMatchObject({ status: "interrupted" });
    expect(await jobLog(owner, job)).not.toContain(`Stopping ${APP}`); // the swap never began
    await expectAppRunning();
    expect(await data()).toEqual(changed);
    expect(stagedDirs()).toEqual([]);
    expect(await stagingDbs()).toEqual([]);
    expect(existsSync(stagingDir) ? readdirSync(stagingDir) : []).toEqual([]);
  }, 120_000);
});
