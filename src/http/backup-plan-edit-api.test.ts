// Editing backup plans and their pre/post hooks, with real parts: an app on Docker with a volume,
// a local backup folder. A hook runs in the app's container (its effect is in the backup), a
// failing "before" hook fails the backup loudly and the "after" hook still runs; a plan's scope
// cannot change; a storage that fails its test is refused and the old one kept.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestApp, docker, waitJob as waitJobOf, type TestClient } from "./testing.ts";

let t: Awaited<ReturnType<typeof createTestApp>>;
let owner: TestClient;
let operator: TestClient;
let work: string;
let appId: number;
let planId: number;
const FIXTURES = join(import.meta.dir, "../../test/fixtures/templates");
const APP = "hooks-app";

const web = async () => (await docker(["ps", "-q", "--filter", `label=com.docker.compose.project=${APP}`, "--filter", "label=com.docker.compose.service=web"])).trim();
const sh = async (cmd: string) => docker(["exec", await web(), "sh", "-c", cmd]);
const logOf = async (id: string) => ((await owner.request("GET", `/jobs/${id}/log`)).body.lines as { text: string }[]).map((l) => l.text).join("\n");

const settle = (id: string) => waitJobOf(owner, id, 90_000) as Promise<{ status: string; error: string | null }>;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "sk-plan-edit-"));
  t = await createTestApp("bun-sqlite", `templatesDir: ${JSON.stringify(FIXTURES)}\nports:\n  min: 18900\n  max: 18949\n`);
  owner = await t.owner();
  operator = await t.userWithRole(owner, "operator");
  const created = await owner.request("POST", "/apps", { name: APP, templateId: "two-service", variables: { GREETING: "hi" } });
  if (created.status !== 202) throw new Error(JSON.stringify(created.body));
  await settle(created.body.job.id);
  appId = created.body.app.id;
  const plan = await owner.request("POST", "/backup-plans", { name: "hooked", scope: "app", appId, storage: { kind: "local", path: join(work, "store") } });
  expect(plan.status).toBe(201);
  expect(plan.body.plan.hooks).toEqual({});
  planId = plan.body.plan.id;
}, 120_000);

afterAll(async () => {
  const ids = (await docker(["ps", "-aq", "--filter", `label=com.docker.compose.project=${APP}`]).catch(() => "")).split("\n").filter(Boolean);
  if (ids.length) await docker(["rm", "-f", ...ids]).catch(() => undefined);
  await docker(["volume", "rm", `${APP}_data`]).catch(() => undefined);
  await docker(["network", "rm", `${APP}_default`]).catch(() => undefined);
  await t?.close();
  rmSync(work, { recursive: true, force: true });
});

describe("editing a plan", () => {
  test("schedules, retention and name change; what it backs up cannot", async () => {
    const res = await owner.request("PATCH", `/backup-plans/${planId}`, { name: "nightly", schedule: "30 2 * * *", retention: { keepLast: 3, daily: 7, weekly: 0, monthly: 0 }, drillSchedule: "0 5 * * 0" });
    expect(res.status).toBe(200);
    const got = (await owner.request("GET", `/backup-plans/${planId}`)).body.plan;
    expect(got).toMatchObject({ name: "nightly", schedule: "30 2 * * *", retention: { keepLast: 3, daily: 7 }, drillSchedule: "0 5 * * 0", scope: "app", appId });
    const scope = await owner.request("PATCH", `/backup-plans/${planId}`, { scope: "database" });
    expect(scope.status).toBe(400);
    const badCron = await owner.request("PATCH", `/backup-plans/${planId}`, { schedule: "every day" });
    expect(badCron.status).toBe(400);
    expect((await owner.request("GET", `/backup-plans/${planId}`)).body.plan.schedule).toBe("30 2 * * *");
  });

  test("a storage that fails its test is refused and the old one kept", async () => {
    writeFileSync(join(work, "a-file"), "not a folder");
    const res = await owner.request("PATCH", `/backup-plans/${planId}`, { storage: { kind: "local", path: join(work, "a-file", "inside") } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("storage_not_writable");
    expect((await owner.request("GET", `/backup-plans/${planId}`)).body.plan.storage).toEqual({ kind: "local", label: `local ${join(work, "store")}` });
  });

  test("operators may run plans but not change them; the change is audited", async () => {
    expect((await operator.request("PATCH", `/backup-plans/${planId}`, { name: "x" })).status).toBe(403);
    const audit = (await owner.request("GET", "/audit", undefined)).body.items as { action: string; target: string | null }[];
    expect(audit.some((a) => a.action === "backup_plans.update" && a.target === `backup_plan:${planId}`)).toBe(true);
  });
});

describe("hooks", () => {
  test("hooks need an app's containers: a database plan cannot have them, nor a bad command", async () => {
    const db = await owner.request("POST", "/backup-plans", { name: "db", scope: "database", databaseServerId: 1, databaseName: "x", storage: { kind: "local", path: join(work, "db") }, hooks: { pre: { service: "web", command: ["true"] } } });
    expect(db.status).toBe(400);
    const empty = await owner.request("PATCH", `/backup-plans/${planId}`, { hooks: { pre: { service: "web", command: [] } } });
    expect(empty.status).toBe(400);
    const badService = await owner.request("PATCH", `/backup-plans/${planId}`, { hooks: { pre: { service: "web; rm -rf /", command: ["true"] } } });
    expect(badService.status).toBe(400);
  });

  test("the before hook's effect is in the backup, the after hook runs after it", async () => {
    await sh("rm -f /data/pre.txt /data/post.txt");
    const set = await owner.request("PATCH", `/backup-plans/${planId}`, {
      hooks: {
        pre: { service: "web", command: ["sh", "-c", "echo 'flushed by hook' > /data/pre.txt; echo pre-hook says hi"] },
        post: { service: "web", command: ["sh", "-c", "ls /data > /data/post.txt"] },
      },
    });
    expect(set.status).toBe(200);
    expect(set.body.plan.hooks.pre.command).toEqual(["sh", "-c", "echo 'flushed by hook' > /data/pre.txt; echo pre-hook says hi"]);
    const run = await owner.request("POST", `/backup-plans/${planId}/run`);
    const job = await settle(run.body.job.id);
    expect(job.status).toBe("succeeded");
    expect(await logOf(run.body.job.id)).toContain("pre-hook says hi");
    // The after hook saw the file the before hook made, so it ran after it.
    expect(await sh("cat /data/post.txt")).toContain("pre.txt");
    const backup = (await owner.request("GET", `/backups?plan=${planId}`)).body.items[0];
    expect(backup.status).toBe("succeeded");
  });

  test("a failing before hook fails the backup, names the hook, and the after hook still runs", async () => {
    await sh("rm -f /data/post.txt");
    await owner.request("PATCH", `/backup-plans/${planId}`, {
      hooks: { pre: { service: "web", command: ["sh", "-c", "echo cannot flush >&2; exit 3"] }, post: { service: "web", command: ["touch", "/data/post.txt"] } },
    });
    const run = await owner.request("POST", `/backup-plans/${planId}/run`);
    const job = await settle(run.body.job.id);
    expect(job.status).toBe("failed");
    expect(job.error).toContain("before");
    expect(job.error).toContain("exit code 3");
    expect(await logOf(run.body.job.id)).toContain("cannot flush");
    expect(await sh("ls /data")).toContain("post.txt");
    const backup = (await owner.request("GET", `/backups?plan=${planId}`)).body.items[0];
    expect(backup.status).toBe("failed");
  });

  test("a hook naming a service the app doesn't have fails clearly", async () => {
    await owner.request("PATCH", `/backup-plans/${planId}`, { hooks: { pre: { service: "nosuch", command: ["true"] } } });
    const run = await owner.request("POST", `/backup-plans/${planId}/run`);
    const job = await settle(run.body.job.id);
    expect(job.status).toBe("failed");
    expect(job.error).toContain("nosuch");
  });
});

describe("downloading a backup", () => {
  test("a part comes back decrypted in its own format; only admins may download, and it is audited", async () => {
    const backup = ((await owner.request("GET", `/backups?plan=${planId}`)).body.items as { id: string; status: string; parts: { kind: string }[] }[]).find((b) => b.status === "succeeded")!;
    const index = backup.parts.findIndex((p) => p.kind === "volume");
    expect(index).toBeGreaterThanOrEqual(0);
    const res = await t.app.request(`/api/v1/backups/${backup.id}/parts/${index}`, { headers: { cookie: owner.cookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="hooks-app-.*-volume-hooks-app_data\.tar\.zst"$/);
    const file = join(work, "volume.tar.zst");
    await Bun.write(file, res);
    expect(Number(res.headers.get("content-length"))).toBe(Bun.file(file).size);
    // The user's own tools read it: zstd, then tar.
    const list = Bun.spawnSync(["sh", "-c", 'zstd -dc "$1" | tar -t', "sh", file]);
    expect(list.exitCode).toBe(0);
    expect(list.stdout.toString()).toContain("pre.txt");
    expect((await operator.request("GET", `/backups/${backup.id}/parts/${index}`)).status).toBe(403);
    expect((await owner.request("GET", `/backups/${backup.id}/parts/99`)).status).toBe(404);
    const audit = (await owner.request("GET", "/audit")).body.items as { action: string; target: string | null }[];
    expect(audit.some((a) => a.action === "backups.download" && a.target === `backup:${backup.id}`)).toBe(true);
  });
});
