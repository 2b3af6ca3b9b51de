// Database servers run as containers, through the API, on the real Docker engine: Redis from the
// real template (its image built from Debian's redis-server package, no registry), created and
// registered by a job, backed up by a database-scope plan (the RDB streamed out of the container
// with redis-cli), flushed, restored in place, drilled, and removed with its data.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RedisClient } from "bun";
import { redisTestImage } from "../databases/container-testing.ts";
import { createTestApp, docker, waitJob as waitJobOf, type TestClient } from "./testing.ts";

let t: Awaited<ReturnType<typeof createTestApp>>;
let owner: TestClient;
let work: string;
let server: { id: number; port: number; appId: number; kind: string; name: string };
let password: string;
const NAME = "cache-c";
const APP = `db-${NAME}`;

const waitJob = (id: string, ms = 180_000) => waitJobOf(owner, id, ms);

async function withRedis<T>(fn: (c: RedisClient) => Promise<T>): Promise<T> {
  const c = new RedisClient(`redis://:${encodeURIComponent(password)}@127.0.0.1:${server.port}`, { autoReconnect: false });
  try {
    await c.connect();
    return await fn(c);
  } finally {
    c.close();
  }
}

/** Every key with its value, sorted: what a user would compare. */
const snapshot = () =>
  withRedis(async (c) => {
    const keys = ((await c.send("KEYS", ["*"])) as string[]).sort();
    const out: [string, string][] = [];
    for (const k of keys) out.push([k, String(await c.get(k))]);
    return out;
  });

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "sk-db-containers-"));
  await redisTestImage();
  t = await createTestApp("bun-sqlite", "ports:\n  min: 18700\n  max: 18749\n");
  owner = await t.owner();
}, 120_000);

afterAll(async () => {
  const ids = (await docker(["ps", "-aq", "--filter", `label=com.docker.compose.project=${APP}`]).catch(() => "")).split("\n").filter(Boolean);
  if (ids.length) await docker(["rm", "-f", ...ids]).catch(() => undefined);
  await docker(["volume", "rm", `${APP}_data`]).catch(() => undefined);
  await docker(["network", "rm", `${APP}_default`]).catch(() => undefined);
  await t?.close();
  rmSync(work, { recursive: true, force: true });
}, 120_000);

describe("Redis run as a container", () => {
  test("the engines list says what Redis offers: no databases, no users, containers only, REDIS_URL", async () => {
    const items = (await owner.request("GET", "/database-engines")).body.items as { id: string }[];
    expect(items.find((e) => e.id === "redis")).toMatchObject({ capabilities: { databases: false, users: false, host: false }, link: { kind: "url", variable: "REDIS_URL" } });
    expect(items.find((e) => e.id === "postgres")).toMatchObject({ capabilities: { databases: true, users: true, host: true } });
  });

  test("a bad name or an unknown engine is refused before anything is deployed", async () => {
    expect((await owner.request("POST", "/database-servers/containers", { engine: "redis", name: "Bad Name" })).body.error.code).toBe("invalid_name");
    expect((await owner.request("POST", "/database-servers/containers", { engine: "oracle", name: "x" })).status).toBe(400);
    expect((await owner.request("GET", "/apps")).body.items).toHaveLength(0);
  });

  test("creating one deploys the template, waits until it answers and registers it, port on 127.0.0.1 only", async () => {
    const r = await owner.request("POST", "/database-servers/containers", { engine: "redis", name: NAME });
    expect(r.status).toBe(202);
    const job = await waitJob(r.body.job.id);
    expect(job).toMatchObject({ status: "succeeded" });
    const list = (await owner.request("GET", "/database-servers")).body.items as (typeof server & { engine: string; version: string })[];
    const row = list.find((s) => s.name === NAME)!;
    expect(row).toMatchObject({ engine: "redis", kind: "container", host: "127.0.0.1", version: expect.stringMatching(/^7\./) });
    server = row;
    const ports = await docker(["ps", "--filter", `label=com.docker.compose.project=${APP}`, "--format", "{{.Ports}}"]);
    expect(ports).toContain(`127.0.0.1:${row.port}->6379/tcp`);
    expect(ports).not.toContain("0.0.0.0");
    const env = (await owner.request("GET", `/apps/${row.appId}/env`)).body.env as { key: string; value: string }[];
    password = env.find((e) => e.key === "PASSWORD")!.value;
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(await withRedis((c) => c.send("PING", []))).toBe("PONG");
  }, 240_000);

  test("a user with the wrong password is refused by the server the panel made", async () => {
    const c = new RedisClient(`redis://:wrong-password@127.0.0.1:${server.port}`, { autoReconnect: false, maxRetries: 0 });
    await expect(c.connect().then(() => c.send("PING", []))).rejects.toThrow();
    c.close();
  });

  test("databases and users do not apply: the API says so instead of half-working", async () => {
    const r = await owner.request("POST", `/database-servers/${server.id}/databases`, { name: "shop" });
    expect(r.body.error.code).toBe("engine_no_databases");
  });

  let planId: number;
  let before: [string, string][];
  test("a database-scope plan backs it up: the RDB comes out of the container through redis-cli", async () => {
    await withRedis(async (c) => {
      for (let i = 0; i < 3000; i++) await c.set(`key:${i}`, `value ${i} ${"x".repeat(i % 2000)} ✓`);
      await c.send("SELECT", ["3"]);
      await c.set("in-db-3", "three");
    });
    before = await snapshot();
    expect(before.length).toBe(3000);
    const plan = await owner.request("POST", "/backup-plans", { name: "redis-nightly", scope: "database", databaseServerId: server.id, databaseName: "all", storage: { kind: "local", path: join(work, "store") } });
    expect(plan.status).toBe(201);
    planId = plan.body.plan.id;
    const job = await waitJob((await owner.request("POST", `/backup-plans/${planId}/run`)).body.job.id);
    expect(job.status).toBe("succeeded");
    const [b] = (await owner.request("GET", `/backups?plan=${planId}`)).body.items;
    expect(b).toMatchObject({ status: "succeeded" });
    expect(b.sizeBytes ?? b.bytes ?? 1).toBeGreaterThan(0);
  }, 240_000);

  test("flushed, then restored in place: every key and value is back, and stays after a restart", async () => {
    await withRedis(async (c) => {
      await c.send("FLUSHALL", []);
      await c.set("written-after-backup", "gone after restore");
    });
    expect((await snapshot()).length).toBe(1);
    const [b] = (await owner.request("GET", `/backups?plan=${planId}`)).body.items;
    const wrong = await owner.request("POST", `/backups/${b.id}/restore`, { confirm: "nope" });
    expect(wrong.status).toBe(400);
    const job = await waitJob((await owner.request("POST", `/backups/${b.id}/restore`, { confirm: "all" })).body.job.id);
    expect(job.status).toBe("succeeded");
    expect(await snapshot()).toEqual(before);
    expect(await withRedis(async (c) => (await c.send("SELECT", ["3"]), c.get("in-db-3")))).toBe("three");
    // The append-only file was rebased on the restored data: a restart does not bring back the flush.
    const id = (await docker(["ps", "-q", "--filter", `label=com.docker.compose.project=${APP}`])).trim();
    await Bun.sleep(1000); // BGREWRITEAOF runs in the background; give it a moment before pulling the plug
    await docker(["restart", id]);
    const until = Date.now() + 60_000;
    for (;;) {
      try {
        expect(await snapshot()).toEqual(before);
        break;
      } catch (err) {
        if (Date.now() > until) throw err;
        await Bun.sleep(250);
      }
    }
  }, 240_000);

  test("a restore drill loads the backup into a throwaway Redis beside it and records its verdict", async () => {
    await withRedis((c) => c.set("live-only", "untouched by the drill"));
    const job = await waitJob((await owner.request("POST", `/backup-plans/${planId}/drill`)).body.job.id);
    expect(job.status).toBe("succeeded");
    const [b] = (await owner.request("GET", `/backups?plan=${planId}`)).body.items;
    expect(b.verifyStatus ?? b.verified?.status).toBe("passed");
    expect(await withRedis((c) => c.get("live-only"))).toBe("untouched by the drill");
  }, 240_000);

  test("linking it into an app gives the app REDIS_URL (not DB_*); unlinking takes it away", async () => {
    const container = async () => (await docker(["ps", "-q", "--filter", `label=com.docker.compose.project=${APP}`])).trim();
    const r = await owner.request("POST", `/apps/${server.appId}/databases`, { databaseServerId: server.id });
    expect(r.status).toBe(202);
    expect((await waitJob(r.body.job.id)).status).toBe("succeeded");
    const links = (await owner.request("GET", `/apps/${server.appId}/databases`)).body.items;
    expect(links).toMatchObject([{ prefix: "REDIS", envKeys: ["REDIS_URL"], database: "all" }]);
    const envOf = async () => docker(["inspect", "--format", "{{json .Config.Env}}", await container()]);
    const env = await envOf();
    // Apps reach the server's container on its own network and port; the published port is bound to 127.0.0.1 only.
    const url = (JSON.parse(env) as string[]).find((e) => e.startsWith("REDIS_URL="))!.slice("REDIS_URL=".length);
    expect(url).toMatch(new RegExp(`^redis://:${encodeURIComponent(password)}@${APP}[_-]redis[_-]1:6379$`));
    const { hostname, port } = new URL(url);
    // The container's REDISCLI_AUTH holds the password; host and port are the link's.
    expect((await docker(["exec", await container(), "redis-cli", "-h", hostname, "-p", port, "PING"])).trim()).toBe("PONG");
    expect(env).not.toContain("DB_HOST=");
    const u = await owner.request("DELETE", `/apps/${server.appId}/databases/${links[0].id}`);
    expect((await waitJob(u.body.job.id)).status).toBe("succeeded");
    expect(await envOf()).not.toContain("REDIS_URL=");
  }, 240_000);

  test("removing it with its container needs the typed name, then takes the app and its data", async () => {
    const wrong = await owner.request("POST", `/database-servers/${server.id}/remove-container`, { confirm: "cache" });
    expect(wrong.body.error.code).toBe("confirm_mismatch");
    expect((await owner.request("GET", `/database-servers/${server.id}`)).status).toBe(200);
    const r = await owner.request("POST", `/database-servers/${server.id}/remove-container`, { confirm: NAME });
    expect(r.status).toBe(200);
    expect((await waitJob(r.body.databaseServer.removeJob.id)).status).toBe("succeeded");
    expect((await owner.request("GET", `/database-servers/${server.id}`)).status).toBe(404);
    expect((await docker(["ps", "-aq", "--filter", `label=com.docker.compose.project=${APP}`])).trim()).toBe("");
    expect(await docker(["volume", "ls", "-q", "--filter", `name=${APP}_data`])).toBe("");
  }, 240_000);
});
