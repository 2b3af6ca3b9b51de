// The same sync on PostgreSQL: pg_dump's custom format with --exclude-table-data into a staging
// database, the transforms, ALTER DATABASE ... RENAME for the swap, and the revert.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Conn } from "../databases/engines/types.ts";
import { sharedPostgres } from "../databases/testing.ts";
import { checksums, createDevDatabase, createProdDatabase, databasesLike, phpUnserializes, query } from "../sync/sync-testing.ts";
import { DEV, OPTIONS, snapshot } from "../sync/wp-fixture.ts";
import { createTestApp, docker, waitJob, type TestClient } from "./testing.ts";

const PROD = `pgs_prod_${process.pid}`;
const DEVDB = `pgs_dev_${process.pid}`;
const APPS = ["pgsync-prod", "pgsync-dev"];
let pg: { conn: Conn; stop(): Promise<void> };
let t: Awaited<ReturnType<typeof createTestApp>>;
let owner: TestClient;
let devEnv: number;

const q = (database: string, text: string) => query("postgres", pg.conn, database, text);

async function settled(id: string) {
  const job = await waitJob(owner, id, 180_000);
  if (job.status !== "succeeded") throw new Error(`job ${job.kind} ${job.status}: ${job.error}`);
  return job;
}

beforeAll(async () => {
  pg = await sharedPostgres();
  await createProdDatabase("postgres", pg.conn, PROD);
  await createDevDatabase("postgres", pg.conn, DEVDB);
  t = await createTestApp();
  owner = await t.owner();
  const srv = await owner.request("POST", "/database-servers", { engine: "postgres", name: "pgsync", host: pg.conn.host, port: pg.conn.port, adminUser: pg.conn.user, adminPassword: pg.conn.password });
  if (srv.status !== 201) throw new Error(JSON.stringify(srv.body));
  const ids: number[] = [];
  for (const [i, name] of APPS.entries()) {
    const app = await owner.request("POST", "/apps", { name, compose: 'services:\n  web:\n    image: local/busybox:test\n    command: ["sleep", "86400"]\n    stop_signal: SIGKILL\n' });
    if (app.status !== 202) throw new Error(JSON.stringify(app.body));
    await settled(app.body.job.id);
    ids.push(app.body.app.id);
    const link = await owner.request("POST", `/apps/${app.body.app.id}/databases`, { databaseServerId: srv.body.databaseServer.id, database: [PROD, DEVDB][i] });
    if (link.status !== 202) throw new Error(JSON.stringify(link.body));
    await settled(link.body.job.id);
  }
  const project = (await owner.request("POST", "/projects", { name: "pgsync" })).body.project;
  await owner.request("POST", `/projects/${project.id}/environments`, { name: "prod", appId: ids[0], domain: "www.site.com" });
  const sync = { source: "prod", searchReplace: [["https://www.site.com", DEV]], anonymizeUsers: true, truncateTables: ["wp_statistics_*"], excludeTables: ["wp_actionscheduler_*"] };
  const dev = await owner.request("POST", `/projects/${project.id}/environments`, { name: "dev", appId: ids[1], domain: null, sync });
  if (dev.status !== 201) throw new Error(JSON.stringify(dev.body));
  devEnv = dev.body.environment.id;
}, 900_000);

afterAll(async () => {
  for (const app of APPS) {
    const ids = (await docker(["ps", "-aq", "--filter", `label=com.docker.compose.project=${app}`]).catch(() => "")).split("\n").filter(Boolean);
    if (ids.length) await docker(["rm", "-f", ...ids]).catch(() => undefined);
    await docker(["network", "rm", `${app}_default`]).catch(() => undefined);
  }
  await t?.close();
  await pg?.stop();
}, 120_000);

describe("sync on PostgreSQL", () => {
  test("dev gets a transformed copy, prod is unchanged, and revert brings dev back", async () => {
    const prodBefore = await checksums("postgres", pg.conn, PROD);
    const devBefore = await snapshot("postgres", pg.conn, DEVDB);
    const r = await owner.request("POST", `/environments/${devEnv}/sync`, {});
    expect(r.status).toBe(202);
    const job = await waitJob(owner, r.body.job.id, 180_000);
    expect([job.status, job.error]).toEqual(["succeeded", null]);
    expect(await checksums("postgres", pg.conn, PROD)).toEqual(prodBefore);

    const options = await q(DEVDB, "SELECT option_id, option_name, option_value FROM wp_options ORDER BY option_id");
    expect(options.map((o) => [Number(o.option_id), o.option_name, o.option_value])).toEqual(OPTIONS.map(([id, name, , after]) => [id, name, after]));
    const serialized = options.map((o) => String(o.option_value)).filter((v) => /^[aO]:\d+:/.test(v) && !v.includes('s:99:"'));
    expect(await phpUnserializes(serialized)).toEqual(serialized.map(() => true));
    const emails = (await q(DEVDB, "SELECT user_email FROM wp_users")).map((u) => String(u.user_email));
    expect(emails).toHaveLength(3);
    expect(emails.some((e) => e.endsWith("@site.com"))).toBe(false);
    expect(await q(DEVDB, "SELECT count(*)::int AS n FROM wp_statistics_visits")).toEqual([{ n: 0 }]);
    expect(await q(DEVDB, "SELECT count(*)::int AS n FROM wp_actionscheduler_logs")).toEqual([{ n: 0 }]);
    expect(await q(DEVDB, "SELECT to_regclass('dev_only') AS t")).toEqual([{ t: null }]);
    expect(await databasesLike("postgres", pg.conn, `${DEVDB}_`)).toHaveLength(1);

    const revert = await owner.request("POST", `/sync-runs/${r.body.run.id}/revert`, {});
    expect(revert.status).toBe(202);
    await settled(revert.body.job.id);
    expect(await snapshot("postgres", pg.conn, DEVDB)).toEqual(devBefore);
    expect(await databasesLike("postgres", pg.conn, `${DEVDB}_`)).toEqual([]);
    expect((await owner.request("GET", `/sync-runs/${r.body.run.id}`)).body.run).toMatchObject({ status: "reverted", canRevert: false });
  }, 300_000);
});
