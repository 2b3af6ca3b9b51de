// Databases through the API against REAL MariaDB and PostgreSQL servers (temp data dirs) and a
// real Docker engine: register servers, create databases and users, reveal credentials (audited),
// drop after a safety dump, and link a database into a running app whose containers then see
// DB_* and DATABASE_URL.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SQL } from "bun";
import type { Conn } from "../databases/engines/types.ts";
import { startMariaDb, startPostgres } from "../databases/testing.ts";
import { createTestApp, docker, waitJob as waitJobOf, type TestClient } from "./testing.ts";

type Started = { conn: Conn; stop(): Promise<void> };
let maria: Started;
let pg: Started;
let t: Awaited<ReturnType<typeof createTestApp>>;
let owner: TestClient;
let operator: TestClient;
let viewer: TestClient;
const servers: Record<string, number> = {};
const FIXTURES = join(import.meta.dir, "../../test/fixtures/templates");
const APP = "dblink-app";

const waitJob = (id: string, ms = 60_000) => waitJobOf(owner, id, ms);


/** The environment the app's web container runs with. */
async function containerEnv(): Promise<Record<string, string>> {
  const id = (await docker(["ps", "-q", "--filter", `label=com.docker.compose.project=${APP}`, "--filter", "label=com.docker.compose.service=web"])).trim();
  const lines = (await docker(["inspect", "--format", "{{range .Config.Env}}{{println .}}{{end}}", id])).split("\n").filter(Boolean);
  return Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
}

beforeAll(async () => {
  [maria, pg] = await Promise.all([startMariaDb(), startPostgres()]);
  t = await createTestApp("bun-sqlite", `templatesDir: ${JSON.stringify(FIXTURES)}\nports:\n  min: 18900\n  max: 18949\n`);
  owner = await t.owner();
  operator = await t.userWithRole(owner, "operator");
  viewer = await t.userWithRole(owner, "viewer");
});

afterAll(async () => {
  const ids = (await docker(["ps", "-aq", "--filter", `label=com.docker.compose.project=${APP}`]).catch(() => "")).split("\n").filter(Boolean);
  if (ids.length) await docker(["rm", "-f", ...ids]).catch(() => undefined);
  await docker(["volume", "rm", `${APP}_data`]).catch(() => undefined);
  await docker(["network", "rm", `${APP}_default`]).catch(() => undefined);
  await t?.close();
  await Promise.all([maria?.stop(), pg?.stop()]);
});

describe.each([
  ["mariadb", () => maria],
  ["postgres", () => pg],
] as const)("%s server", (engine, started) => {
  test("a wrong admin password is refused and nothing is stored; operators may not register", async () => {
    const { conn } = started();
    const bad = await owner.request("POST", "/database-servers", { engine, name: `${engine}-bad`, host: conn.host, port: conn.port, adminUser: conn.user, adminPassword: "wrong" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("db_auth_failed");
    const op = await operator.request("POST", "/database-servers", { engine, name: `${engine}-op`, host: conn.host, port: conn.port, adminUser: conn.user, adminPassword: conn.password });
    expect(op.status).toBe(403);
    expect((await owner.request("GET", "/database-servers")).body.items.filter((s: { engine: string }) => s.engine === engine)).toEqual([]);
  });

  test("register, create a database and a user; the user works with the revealed password", async () => {
    const { conn } = started();
    const r = await owner.request("POST", "/database-servers", { engine, name: `${engine}-main`, host: conn.host, port: conn.port, adminUser: conn.user, adminPassword: conn.password });
    expect(r.status).toBe(201);
    expect(r.body.databaseServer.version).toBeTruthy();
    expect(JSON.stringify(r.body)).not.toContain(conn.password);
    const id = (servers[engine] = r.body.databaseServer.id);

    expect((await operator.request("POST", `/database-servers/${id}/databases`, { name: "shop" })).status).toBe(201);
    const list = (await viewer.request("GET", `/database-servers/${id}/databases`)).body.items;
    expect(list).toContainEqual(expect.objectContaining({ name: "shop", managed: true }));

    const u = await operator.request("POST", `/database-servers/${id}/users`, { username: "shop_user", database: "shop" });
    expect(u.status).toBe(201);
    expect(u.body.user).toMatchObject({ username: "shop_user", grants: ["shop"] });
    const cred = await operator.request("POST", `/database-users/${u.body.user.id}/credentials`);
    expect(cred.status).toBe(200);
    const { password, url } = cred.body.credentials;
    expect(password).toHaveLength(32);
    expect(url).toStartWith(engine === "postgres" ? "postgres://shop_user:" : "mysql://shop_user:");

    const sql = new SQL({ adapter: engine === "postgres" ? "postgres" : "mysql", hostname: conn.host, port: conn.port, username: "shop_user", password, database: "shop" });
    try {
      await sql`CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(50))`;
      await sql`INSERT INTO items VALUES (1, 'kept')`;
      expect((await sql`SELECT name FROM items`)[0].name).toBe("kept");
    } finally {
      await sql.close();
    }
    const audit = (await owner.request("GET", "/audit?limit=20")).body.items as { action: string; actor: string }[];
    expect(audit).toContainEqual(expect.objectContaining({ action: "database_users.reveal", actor: "operator1" }));
  });

  const hostile = ["a'b", "a`b", 'a"b', "a b", "a;drop", "Upper", "x".repeat(70), "1abc"];
  for (const name of hostile) {
    test(`hostile database name ${JSON.stringify(name).slice(0, 20)} is refused and nothing is created`, async () => {
      const r = await owner.request("POST", `/database-servers/${servers[engine]}/databases`, { name });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("invalid_db_name");
    });
  }

  test("drop asks for the name, takes a safety dump first, then drops", async () => {
    const id = servers[engine]!;
    const wrong = await operator.request("DELETE", `/database-servers/${id}/databases/shop`, { confirm: "shopp" });
    expect(wrong.body.error.code).toBe("confirm_mismatch");
    const r = await operator.request("DELETE", `/database-servers/${id}/databases/shop`, { confirm: "shop" });
    expect(r.status).toBe(202);
    const job = await waitJob(r.body.job.id);
    expect({ status: job.status, error: job.error }).toEqual({ status: "succeeded", error: null });
    const dump = job.result.safetyDump as string;
    expect(existsSync(dump)).toBe(true);
    const bytes = readFileSync(dump);
    // A MariaDB dump is SQL text with the table; pg_dump -Fc starts with its magic.
    if (engine === "mariadb") expect(bytes.toString("utf8")).toContain("kept");
    else expect(bytes.subarray(0, 5).toString()).toBe("PGDMP");
    const names = (await owner.request("GET", `/database-servers/${id}/databases`)).body.items.map((d: { name: string }) => d.name);
    expect(names).not.toContain("shop");
  });
});

describe("linking a database into a running app", () => {
  let appId: number;
  let linkId: number;

  test("the app's containers get DB_* and DATABASE_URL after the redeploy", async () => {
    const created = await owner.request("POST", "/apps", { name: APP, templateId: "two-service", variables: { GREETING: "hi" } });
    expect(created.status).toBe(202);
    expect((await waitJob(created.body.job.id)).status).toBe("succeeded");
    appId = created.body.app.id;

    const r = await operator.request("POST", `/apps/${appId}/databases`, { databaseServerId: servers.postgres });
    expect(r.body.error ?? null).toBeNull();
    expect(r.status).toBe(202);
    const job = await waitJob(r.body.job.id);
    expect({ status: job.status, error: job.error }).toEqual({ status: "succeeded", error: null });
    linkId = r.body.link.id;

    const env = await containerEnv();
    expect(env).toMatchObject({ DB_HOST: "host.docker.internal", DB_PORT: String(pg.conn.port), DB_NAME: "dblink_app" });
    expect(env.DB_USER).toStartWith("dblink_app_");
    expect(env.DATABASE_URL).toBe(`postgres://${env.DB_USER}:${env.DB_PASSWORD}@host.docker.internal:${pg.conn.port}/dblink_app`);
    // The user and database exist on the server and the password works.
    const sql = new SQL({ adapter: "postgres", hostname: pg.conn.host, port: pg.conn.port, username: env.DB_USER, password: env.DB_PASSWORD, database: "dblink_app" });
    try {
      await sql`CREATE TABLE t (id int)`;
    } finally {
      await sql.close();
    }
    const links = (await owner.request("GET", `/apps/${appId}/databases`)).body.items;
    expect(links).toEqual([expect.objectContaining({ prefix: "DB", database: "dblink_app", databaseServer: expect.objectContaining({ engine: "postgres" }) })]);
    // The same prefix twice is refused.
    const again = await operator.request("POST", `/apps/${appId}/databases`, { databaseServerId: servers.mariadb });
    expect(again.body.error.code).toBe("prefix_in_use");
  });

  test("a linked database cannot be dropped", async () => {
    const r = await owner.request("DELETE", `/database-servers/${servers.postgres}/databases/dblink_app`, { confirm: "dblink_app" });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("database_linked");
  });

  test("unlinking removes the variables after the redeploy and keeps the data", async () => {
    const r = await operator.request("DELETE", `/apps/${appId}/databases/${linkId}`);
    expect(r.status).toBe(202);
    expect((await waitJob(r.body.job.id)).status).toBe("succeeded");
    const env = await containerEnv();
    expect(env.DB_HOST).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
    const names = (await owner.request("GET", `/database-servers/${servers.postgres}/databases`)).body.items.map((d: { name: string }) => d.name);
    expect(names).toContain("dblink_app");
    expect((await owner.request("GET", `/apps/${appId}/databases`)).body.items).toEqual([]);
  });
});

describe("dump download and import (streamed)", () => {
  const raw = (c: TestClient, method: string, path: string, body?: Uint8Array | string) =>
    t.app.request(`/api/v1${path}`, { method, body, headers: { cookie: c.cookie!, "x-csrf-token": c.csrf! } });

  test("a downloaded MariaDB dump imports into another database; the download is audited", async () => {
    const id = servers.mariadb!;
    await owner.request("POST", `/database-servers/${id}/databases`, { name: "src_db" });
    const u = (await owner.request("POST", `/database-servers/${id}/users`, { username: "src_user", database: "src_db" })).body.user;
    const { password } = (await owner.request("POST", `/database-users/${u.id}/credentials`)).body.credentials;
    const sql = new SQL({ adapter: "mariadb", hostname: maria.conn.host, port: maria.conn.port, username: "src_user", password, database: "src_db" });
    try {
      await sql`CREATE TABLE notes (id INT PRIMARY KEY, body TEXT)`;
      await sql`INSERT INTO notes VALUES (1, 'first ✓'), (2, NULL)`;
    } finally {
      await sql.close();
    }
    const res = await raw(owner, "GET", `/database-servers/${id}/databases/src_db/dump`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/src_db-.*\.sql\.gz/);
    const gz = new Uint8Array(await res.arrayBuffer());
    const audit = (await owner.request("GET", "/audit?limit=10")).body.items as { action: string }[];
    expect(audit.map((a) => a.action)).toContain("databases.download");

    await owner.request("POST", `/database-servers/${id}/databases`, { name: "copy_db" });
    const imp = await raw(owner, "POST", `/database-servers/${id}/databases/copy_db/import?filename=backup.sql.gz`, gz);
    expect(imp.status).toBe(200);
    const tables = (await owner.request("GET", `/database-servers/${id}/databases`)).body.items.find((d: { name: string }) => d.name === "copy_db");
    expect(tables.tables).toBe(1);
  });

  test("a cut upload is refused and the database is left as it was", async () => {
    const id = servers.mariadb!;
    const good = await raw(owner, "GET", `/database-servers/${id}/databases/src_db/dump`);
    const gz = new Uint8Array(await good.arrayBuffer());
    const before = (await owner.request("GET", `/database-servers/${id}/databases`)).body.items.find((d: { name: string }) => d.name === "copy_db");
    const cut = await raw(owner, "POST", `/database-servers/${id}/databases/copy_db/import?filename=backup.sql.gz`, gz.subarray(0, Math.floor(gz.length / 2)));
    expect(cut.status).toBeGreaterThanOrEqual(400);
    expect(((await cut.json()) as { error: { code: string } }).error.code).toMatch(/db_restore/);
    const after = (await owner.request("GET", `/database-servers/${id}/databases`)).body.items;
    expect(after.find((d: { name: string }) => d.name === "copy_db")).toEqual(before);
    expect(after.filter((d: { name: string }) => d.name.startsWith("copy_db_r"))).toEqual([]);
    const wrong = await raw(owner, "POST", `/database-servers/${id}/databases/copy_db/import?filename=backup.zip`, "x");
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe("restore_format_unsupported");
  });
});
