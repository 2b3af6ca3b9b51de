// A PostgreSQL server run as a container from the real template (its image built from the host's
// postgresql-15 packages, no registry): created and registered by a job, a database created
// through the API, then dumped and imported back with pg_dump/pg_restore running INSIDE the
// container (docker exec through the Target), never the host's tools.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { SQL } from "bun";
import { postgresTestImage } from "../databases/container-testing.ts";
import { createTestApp, docker, waitJob as waitJobOf, type TestClient } from "./testing.ts";

let t: Awaited<ReturnType<typeof createTestApp>>;
let owner: TestClient;
const NAME = "pg-c";
const APP = `db-${NAME}`;

beforeAll(async () => {
  await postgresTestImage();
  t = await createTestApp("bun-sqlite", "ports:\n  min: 18750\n  max: 18799\n");
  owner = await t.owner();
}, 180_000);

afterAll(async () => {
  const ids = (await docker(["ps", "-aq", "--filter", `label=com.docker.compose.project=${APP}`]).catch(() => "")).split("\n").filter(Boolean);
  if (ids.length) await docker(["rm", "-f", ...ids]).catch(() => undefined);
  await docker(["volume", "rm", `${APP}_data`]).catch(() => undefined);
  await docker(["network", "rm", `${APP}_default`]).catch(() => undefined);
  await t?.close();
}, 120_000);

test("create container server -> create database -> dump and import through docker exec", async () => {
  const r = await owner.request("POST", "/database-servers/containers", { engine: "postgres", name: NAME });
  expect(r.status).toBe(202);
  expect(await waitJobOf(owner, r.body.job.id, 240_000)).toMatchObject({ status: "succeeded" });
  const server = ((await owner.request("GET", "/database-servers")).body.items as { id: number; name: string; port: number; adminUser: string; appId: number; kind: string }[]).find((s) => s.name === NAME)!;
  expect(server).toMatchObject({ kind: "container", adminUser: "app" });
  const password = ((await owner.request("GET", `/apps/${server.appId}/env`)).body.env as { key: string; value: string }[]).find((e) => e.key === "PASSWORD")!.value;

  expect((await owner.request("POST", `/database-servers/${server.id}/databases`, { name: "shop" })).status).toBe(201);
  const sql = new SQL({ adapter: "postgres", hostname: "127.0.0.1", port: server.port, username: "app", password, database: "shop", max: 1 });
  try {
    await sql`CREATE TABLE items (id int PRIMARY KEY, name text)`;
    for (let i = 1; i <= 500; i++) await sql`INSERT INTO items VALUES (${i}, ${`item ${i} ✓`})`;
  } finally {
    await sql.close();
  }

  // pg_dump and pg_restore run in the container: Docker's exec events name them. (The server is also
  // reachable from the host, so a host-side dump would work too; the events tell them apart.)
  const since = Math.floor(Date.now() / 1000) - 1;
  const auth = { cookie: owner.cookie!, "x-csrf-token": owner.csrf! };
  const res = await t.app.request(`/api/v1/database-servers/${server.id}/databases/shop/dump`, { headers: auth });
  expect(res.status).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe("PGDMP"); // pg_dump's custom format

  expect((await owner.request("POST", `/database-servers/${server.id}/databases`, { name: "shop_copy" })).status).toBe(201);
  const imported = await t.app.request(`/api/v1/database-servers/${server.id}/databases/shop_copy/import?filename=shop.dump`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/octet-stream" },
    body: bytes,
  });
  expect(imported.status).toBe(200);
  const copy = new SQL({ adapter: "postgres", hostname: "127.0.0.1", port: server.port, username: "app", password, database: "shop_copy", max: 1 });
  try {
    expect(await copy`SELECT count(*)::int AS n, max(name) AS top FROM items`).toEqual([{ n: 500, top: "item 99 ✓" }] as never);
  } finally {
    await copy.close();
  }
  const events = await docker(["events", "--since", String(since), "--until", String(Math.floor(Date.now() / 1000) + 1), "--filter", `label=com.docker.compose.project=${APP}`, "--filter", "event=exec_start", "--format", "{{.Action}}"]);
  expect(events).toContain("exec_start: pg_dump");
  expect(events).toContain("exec_start: pg_restore");
}, 300_000);
