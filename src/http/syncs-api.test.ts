// Database syncs through the API on real parts: WordPress-shaped prod and dev databases on a real
// MariaDB, linked to two real apps (busybox containers, so dev is really stopped and started
// around the swap); PHP's unserialize checks the copied values. A PostgreSQL environment shows
// the engine check; syncs-postgres-api.test.ts runs the same path on PostgreSQL.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Conn } from "../databases/engines/types.ts";
import { stageDatabase } from "../databases/swap.ts";
import { schema } from "../db/index.ts";
import { startMariaDb, sharedPostgres } from "../databases/testing.ts";
import { checksums, createDevDatabase, createProdDatabase, databasesLike, phpUnserializes, query } from "../sync/sync-testing.ts";
import { DEV, OPTIONS, createWordPressFixture, snapshot } from "../sync/wp-fixture.ts";
import { createTestApp, docker, waitJob, type TestClient } from "./testing.ts";

const PROD = "wp_prod";
const DEVDB = "wp_dev";
let maria: { conn: Conn; stop(): Promise<void> };
let pg: { conn: Conn; stop(): Promise<void> };
let t: Awaited<ReturnType<typeof createTestApp>>;
let owner: TestClient;
let operator: TestClient;
let viewer: TestClient;
let projectId: number;
let devApp: number;
const env: Record<string, number> = {};
const apps = ["sync-prod", "sync-dev", "sync-pg", "sync-bare"];

const my = (database: string, text: string, params: unknown[] = []) => query("mariadb", maria.conn, database, text, params);

async function settle(id: string) {
  const job = await waitJob(owner, id, 180_000);
  if (job.status !== "succeeded") throw new Error(`job ${job.kind} ${job.status}: ${job.error}`);
  return job;
}

/** A running app of one busybox container (sleep as PID 1 ignores SIGTERM: stop_signal makes stops quick). */
async function realApp(name: string): Promise<number> {
  const r = await owner.request("POST", "/apps", { name, compose: 'services:\n  web:\n    image: local/busybox:test\n    command: ["sleep", "86400"]\n    stop_signal: SIGKILL\n' });
  if (r.status !== 202) throw new Error(JSON.stringify(r.body));
  await settle(r.body.job.id);
  return r.body.app.id;
}

async function link(appId: number, databaseServerId: number, database: string) {
  const r = await owner.request("POST", `/apps/${appId}/databases`, { databaseServerId, database });
  if (r.status !== 202) throw new Error(JSON.stringify(r.body));
  const job = await waitJob(owner, r.body.job.id, 180_000);
  if (job.status !== "succeeded") throw new Error(`link redeploy ${job.status}: ${job.error}`);
}

async function server(engine: string, name: string, conn: Conn): Promise<number> {
  const r = await owner.request("POST", "/database-servers", { engine, name, host: conn.host, port: conn.port, adminUser: conn.user, adminPassword: conn.password });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  return r.body.databaseServer.id;
}

async function devContainer(): Promise<{ id: string; startedAt: string; running: boolean }> {
  const id = (await docker(["ps", "-aq", "--filter", "label=com.docker.compose.project=sync-dev"])).trim();
  const [startedAt, running] = (await docker(["inspect", "-f", "{{.State.StartedAt}} {{.State.Running}}", id])).trim().split(" ");
  return { id, startedAt: startedAt!, running: running === "true" };
}

const RULES = { source: "prod", schedule: null, searchReplace: [], anonymizeUsers: true, keepUsers: ["keeper"], truncateTables: ["wp_statistics_*"], excludeTables: ["wp_actionscheduler_*"] };

/** Starts a sync through `path`, waits for its job, returns the run as the API shows it then. */
async function sync(path: string, body: unknown, meanwhile?: () => Promise<void>) {
  const r = await operator.request("POST", path, body);
  if (r.status !== 202) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  await meanwhile?.();
  expect(r.body.job).toMatchObject({ kind: "sync.run", target: `environment:${r.body.run.target.id}` });
  const job = await waitJob(operator, r.body.job.id, 180_000);
  const run = (await viewer.request("GET", `/sync-runs/${r.body.run.id}`)).body.run;
  const log = (await viewer.request("GET", `/jobs/${job.id}/log`)).body.lines.map((l: { text: string }) => l.text) as string[];
  return { job, run, log };
}

beforeAll(async () => {
  // Its own server: the fault test changes a global setting.
  maria = await startMariaDb();
  pg = await sharedPostgres();
  await createProdDatabase("mariadb", maria.conn, PROD);
  await createDevDatabase("mariadb", maria.conn, DEVDB);
  await createWordPressFixture("postgres", pg.conn, `sync_api_pg_${process.pid}`);
  t = await createTestApp("bun-sqlite", "ports:\n  min: 19800\n  max: 19849\n");
  owner = await t.owner();
  operator = await t.userWithRole(owner, "operator");
  viewer = await t.userWithRole(owner, "viewer");
  const prodApp = await realApp("sync-prod");
  devApp = await realApp("sync-dev");
  const pgApp = await realApp("sync-pg");
  const bareApp = await realApp("sync-bare");
  const mariaId = await server("mariadb", "sync-maria", maria.conn);
  const pgId = await server("postgres", "sync-pg", pg.conn);
  await link(prodApp, mariaId, PROD);
  await link(devApp, mariaId, DEVDB);
  await link(pgApp, pgId, `sync_api_pg_${process.pid}`);

  const p = await owner.request("POST", "/projects", { name: "sync-site" });
  projectId = p.body.project.id;
  const add = async (name: string, appId: number, domain: string | null, sync: unknown = null) => {
    const r = await owner.request("POST", `/projects/${projectId}/environments`, { name, appId, domain, sync });
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    env[name] = r.body.environment.id;
  };
  await add("prod", prodApp, "www.site.com");
  // No search-replace pair: the two domains make the pair https://www.site.com -> https://dev.site.com:8443.
  await add("dev", devApp, "dev.site.com:8443", RULES);
  await add("pg", pgApp, null);
  await add("bare", bareApp, null);
  await t.services.sync.start();
}, 900_000);

afterAll(async () => {
  for (const app of apps) {
    const ids = (await docker(["ps", "-aq", "--filter", `label=com.docker.compose.project=${app}`]).catch(() => "")).split("\n").filter(Boolean);
    if (ids.length) await docker(["rm", "-f", ...ids]).catch(() => undefined);
    await docker(["network", "rm", `${app}_default`]).catch(() => undefined);
  }
  await t?.close();
  await maria?.stop();
  await pg?.stop();
}, 120_000);

describe("syncs API", () => {
  test("bad input is refused with its code, before anything runs", async () => {
    const start = (body: unknown, who = operator) => who.request("POST", `/projects/${projectId}/syncs`, body);
    const code = async (p: Promise<{ status: number; body: any }>) => {
      const r = await p;
      return [r.status, r.body?.error?.code];
    };
    expect(await code(start({ from: "dev", to: "dev" }))).toEqual([400, "sync_same_environment"]);
    // Into prod: not the configured direction, so the target's name must be typed.
    expect(await code(start({ from: "dev", to: "prod" }))).toEqual([400, "confirm_mismatch"]);
    expect(await code(start({ from: "dev", to: "prod", confirm: "dev" }))).toEqual([400, "confirm_mismatch"]);
    expect(await code(start({ from: "prod", to: "pg", confirm: "pg" }))).toEqual([400, "sync_engine_mismatch"]);
    expect(await code(start({ from: "prod", to: "bare", confirm: "bare" }))).toEqual([400, "sync_no_database"]);
    expect(await code(start({ from: "prod", to: "dev" }, viewer))).toEqual([403, "forbidden"]);
    expect(await code(operator.request("POST", `/environments/${env.prod}/sync`, {}))).toEqual([400, "sync_not_configured"]);
    const patch = (sync: unknown) => operator.request("PATCH", `/environments/${env.dev}`, { sync });
    expect(await code(patch({ ...RULES, schedule: "every tuesday-ish" }))).toEqual([400, "schedule_invalid"]);
    expect(await code(patch({ ...RULES, searchReplace: [["abc", "xyz"]] }))).toEqual([400, "search_replace_invalid"]);
    expect(await code(patch({ ...RULES, truncateTables: ["wp_`x"] }))).toEqual([400, "table_pattern_invalid"]);
    expect((await viewer.request("GET", `/projects/${projectId}/syncs`)).body.items).toEqual([]);
    expect(await databasesLike("mariadb", maria.conn, `${DEVDB}_`)).toEqual([]);
  }, 60_000);

  test("a dry run reads prod only, writes nothing anywhere, and reports what a sync would do", async () => {
    const before = [await checksums("mariadb", maria.conn, PROD), await checksums("mariadb", maria.conn, DEVDB)];
    const { job, run, log } = await sync(`/environments/${env.dev}/sync`, { dryRun: true });
    expect(job.status).toBe("succeeded");
    expect(run).toMatchObject({ dryRun: true, status: "succeeded", trigger: "manual", canRevert: false, source: { id: env.prod, name: "prod" }, target: { id: env.dev, name: "dev" } });
    expect([await checksums("mariadb", maria.conn, PROD), await checksums("mariadb", maria.conn, DEVDB)]).toEqual(before);
    expect(await databasesLike("mariadb", maria.conn, "wp_")).toEqual([DEVDB, PROD]);
    expect(run.report.searchReplace).toMatchObject({ dryRun: true });
    expect(run.report.searchReplace.changed).toBeGreaterThan(5);
    expect(run.report.truncated).toEqual([{ table: "wp_statistics_visits", rows: 40 }]);
    expect(run.report.anonymized).toMatchObject({ tablePrefix: "wp_", users: 2, kept: 1 });
    expect(run.report.wordpressUrl).toBe(DEV);
    expect(run.report.steps.find((s: { name: string }) => s.name === "Tables copied without their rows")).toMatchObject({ rows: 25, detail: "wp_actionscheduler_logs" });
    expect(log.some((l) => l.includes("nothing was written"))).toBe(true);
  }, 120_000);

  let firstRun: number;
  let devBefore: Awaited<ReturnType<typeof snapshot>>;

  test("a sync gives dev a transformed copy of prod, restarts dev, and leaves prod byte-identical", async () => {
    const prodBefore = await checksums("mariadb", maria.conn, PROD);
    devBefore = await snapshot("mariadb", maria.conn, DEVDB);
    const containerBefore = await devContainer();
    expect(containerBefore.running).toBe(true);

    const { job, run, log } = await sync(`/projects/${projectId}/syncs`, { from: "prod", to: "dev" });
    expect(job.status).toBe("succeeded");
    firstRun = run.id;
    expect(run).toMatchObject({ dryRun: false, status: "succeeded", canRevert: true, error: null, createdBy: "operator1" });
    expect(await checksums("mariadb", maria.conn, PROD)).toEqual(prodBefore);

    // Every option as the search-replace must leave it (siteurl/home: the dev domain), and PHP reads each serialized one.
    const options = await my(DEVDB, "SELECT option_id, option_name, option_value FROM wp_options ORDER BY option_id");
    expect(options.map((r) => [Number(r.option_id), r.option_name, r.option_value])).toEqual(OPTIONS.map(([id, name, , after]) => [id, name, after]));
    const serialized = [...options.map((r) => String(r.option_value)), ...(await my(DEVDB, "SELECT meta_value AS v FROM wp_postmeta")).map((r) => String(r.v))].filter((v) => /^[aO]:\d+:/.test(v) && !v.includes('s:99:"'));
    expect(serialized.length).toBeGreaterThanOrEqual(4);
    expect(await phpUnserializes(serialized)).toEqual(serialized.map(() => true));
    expect((await my(DEVDB, "SELECT option_value AS v FROM wp_options WHERE option_name IN ('siteurl', 'home')")).map((r) => r.v)).toEqual([DEV, DEV]);

    const users = await my(DEVDB, "SELECT ID AS id, user_login AS login, user_email AS email FROM wp_users ORDER BY ID");
    expect(users.find((u) => u.login === "keeper")).toMatchObject({ email: "keeper@site.com" });
    expect(users.filter((u) => u.login !== "keeper").every((u) => !String(u.email).endsWith("@site.com") && u.login !== "admin" && u.login !== "editor")).toBe(true);
    expect(await my(DEVDB, "SELECT umeta_id FROM wp_usermeta WHERE meta_key = 'session_tokens'")).toEqual([]);
    expect((await my(DEVDB, "SELECT count(*) AS n FROM wp_statistics_visits"))[0]!.n).toBe(0);
    expect((await my(DEVDB, "SELECT count(*) AS n FROM wp_actionscheduler_logs"))[0]!.n).toBe(0); // there, empty
    expect(await my(DEVDB, "SHOW TABLES LIKE 'dev_only'")).toEqual([]);

    // Kept for a revert; no staging left.
    const kept = await databasesLike("mariadb", maria.conn, `${DEVDB}_`);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatch(/^wp_dev_o[0-9a-f]{6}$/);
    const after = await devContainer();
    expect(after).toMatchObject({ id: containerBefore.id, running: true });
    expect(after.startedAt).not.toBe(containerBefore.startedAt);

    expect(run.report.steps.map((s: { name: string }) => s.name)).toEqual([
      "Reading the source",
      "Copying the source into staging",
      "Search and replace",
      "Emptying tables",
      "Anonymizing users",
      "WordPress site URL",
      "Swapping staging in as wp_dev",
    ]);
    expect(run.report.steps[1].rows).toBe(run.report.steps[0].rows - 25);
    expect(log.some((l) => /Copying the source into staging: [\d.]+ s, \d+ rows/.test(l))).toBe(true);
    expect(log.some((l) => l.includes("Stopped ") )).toBe(true);
  }, 180_000);

  test("revert puts dev's previous database back", async () => {
    const r = await operator.request("POST", `/sync-runs/${firstRun}/revert`, {});
    expect(r.status).toBe(202);
    expect(r.body.job.kind).toBe("sync.revert");
    await settle(r.body.job.id);
    expect(await snapshot("mariadb", maria.conn, DEVDB)).toEqual(devBefore);
    expect(await my(DEVDB, "SELECT note FROM dev_only")).toEqual([{ note: "made on dev" }]);
    expect(await databasesLike("mariadb", maria.conn, `${DEVDB}_`)).toEqual([]);
    const run = (await viewer.request("GET", `/sync-runs/${firstRun}`)).body.run;
    expect(run).toMatchObject({ status: "reverted", canRevert: false });
    expect(run.revertedAt).not.toBeNull();
    const again = await operator.request("POST", `/sync-runs/${firstRun}/revert`, {});
    expect([again.status, again.body.error.code]).toEqual([400, "sync_not_revertable"]);
  }, 120_000);

  test("one sync into an environment at a time; the next drops the copy the previous one kept; only the latest can be reverted", async () => {
    // Asked for right after the first was accepted, while its job is queued or running.
    const a = await sync(`/environments/${env.dev}/sync`, {}, async () => {
      const busy = await operator.request("POST", `/projects/${projectId}/syncs`, { from: "prod", to: "dev" });
      expect([busy.status, busy.body.error.code]).toEqual([409, "sync_running"]);
    });
    const b = await sync(`/environments/${env.dev}/sync`, {});
    expect([a.job.status, b.job.status]).toEqual(["succeeded", "succeeded"]);
    expect(await databasesLike("mariadb", maria.conn, `${DEVDB}_`)).toHaveLength(1);
    expect((await viewer.request("GET", `/sync-runs/${a.run.id}`)).body.run.canRevert).toBe(false);
    expect(b.run.canRevert).toBe(true);
    const list = (await viewer.request("GET", `/projects/${projectId}/syncs?limit=3`)).body.items;
    expect(list.map((r: { id: number }) => r.id)).toEqual([b.run.id, a.run.id, firstRun]);
  }, 240_000);

  test("a fault during the import leaves dev as it was and the run failed", async () => {
    const devSums = await checksums("mariadb", maria.conn, DEVDB);
    // A row bigger than the server now accepts: the import stops midway, after the tables before it.
    await my(PROD, "CREATE TABLE wp_zz_big (id INT PRIMARY KEY, v LONGTEXT)");
    await my(PROD, "INSERT INTO wp_zz_big VALUES (1, ?)", ["y".repeat(3_000_000)]);
    await my("", "SET GLOBAL max_allowed_packet = 1048576");
    try {
      const { job, run, log } = await sync(`/environments/${env.dev}/sync`, {});
      expect(job.status).toBe("failed");
      expect(run.status).toBe("failed");
      expect(run.error).toContain("failed");
      expect(log.some((l) => l.includes("Putting dev back as it was"))).toBe(true);
    } finally {
      await my("", "SET GLOBAL max_allowed_packet = 16777216");
      await my(PROD, "DROP TABLE wp_zz_big");
    }
    expect(await checksums("mariadb", maria.conn, DEVDB)).toEqual(devSums);
    expect((await databasesLike("mariadb", maria.conn, `${DEVDB}_`)).filter((n) => n.includes("_r"))).toEqual([]);
    expect((await devContainer()).running).toBe(true);
  }, 180_000);

  test("a sync a panel stop cut short (dev stopped, staging half filled) is undone at the next start", async () => {
    const devSums = await checksums("mariadb", maria.conn, DEVDB);
    // What the sync had done when the panel died: a run in progress, a staging copy, dev's container stopped, its journal.
    const now = Date.now();
    const [row] = await t.db.db
      .insert(schema.syncRuns)
      .values({ projectId, sourceEnvId: env.prod!, targetEnvId: env.dev!, status: "running", createdAt: now, liveDatabase: DEVDB })
      .returning();
    const staging = await stageDatabase("mariadb", maria.conn, DEVDB);
    await my(staging, "CREATE TABLE wp_options (option_id INT PRIMARY KEY)");
    const { id } = await devContainer();
    await docker(["stop", id]);
    const dir = join(t.services.config.dataDir, "sync-staging");
    mkdirSync(dir, { recursive: true });
    const journal = { runId: row!.id, targetAppId: devApp, live: DEVDB, staging, old: null, stopped: { serverId: "local", ids: [id] } };
    writeFileSync(join(dir, `run-${row!.id}.json`), JSON.stringify(journal));

    await t.services.sync.start();
    expect(await databasesLike("mariadb", maria.conn, staging)).toEqual([]);
    expect(await checksums("mariadb", maria.conn, DEVDB)).toEqual(devSums);
    expect((await devContainer()).running).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
    const run = (await viewer.request("GET", `/sync-runs/${row!.id}`)).body.run;
    expect(run).toMatchObject({ status: "failed", canRevert: false });
    expect(run.error).toContain("the panel stopped");
  }, 120_000);

  test("a schedule runs syncs by itself (trigger schedule) and is shown with its next time", async () => {
    const patched = await operator.request("PATCH", `/environments/${env.dev}`, { sync: { ...RULES, schedule: "*/3 * * * * *" } });
    expect(patched.status).toBe(200);
    const sched = (await viewer.request("GET", `/projects/${projectId}/schedule`)).body.items;
    expect(sched).toEqual([{ environmentId: env.dev, schedule: "*/3 * * * * *", nextAt: expect.any(String) }]);
    expect(Date.parse(sched[0].nextAt) - Date.now()).toBeLessThanOrEqual(3_500);
    let scheduled: any;
    const end = Date.now() + 60_000;
    while (!scheduled && Date.now() < end) {
      await Bun.sleep(250);
      scheduled = (await viewer.request("GET", `/projects/${projectId}/syncs?limit=5`)).body.items.find((r: { trigger: string }) => r.trigger === "schedule");
    }
    await operator.request("PATCH", `/environments/${env.dev}`, { sync: RULES });
    expect(scheduled).toMatchObject({ trigger: "schedule", createdBy: null, source: { name: "prod" }, target: { name: "dev" } });
    const job = await waitJob(viewer, scheduled.jobId, 180_000);
    expect(job.status).toBe("succeeded");
    // Unscheduled: once whatever was queued has run, no new scheduled run appears.
    while ((await viewer.request("GET", `/projects/${projectId}/syncs?limit=5`)).body.items.some((r: { status: string }) => r.status === "queued" || r.status === "running")) await Bun.sleep(250);
    const count = (await viewer.request("GET", `/projects/${projectId}/syncs?limit=100`)).body.items.length;
    await Bun.sleep(4_000);
    expect((await viewer.request("GET", `/projects/${projectId}/syncs?limit=100`)).body.items.length).toBe(count);
    expect((await viewer.request("GET", `/projects/${projectId}/schedule`)).body.items).toEqual([]);
  }, 240_000);
});
