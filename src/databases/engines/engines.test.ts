// One suite, run against real MariaDB and PostgreSQL servers: what an admin does through the
// panel (databases, users, grants) and what an app then sees with the credentials it got.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { SQL } from "bun";
import { DomainError } from "../../lib/errors.ts";
import { freePort, sharedMariaDb, sharedPostgres } from "../testing.ts";
import { engineOf } from "./index.ts";
import type { Conn, EngineId } from "./types.ts";

// Both servers start together, once for the file.
const servers = new Map<EngineId, { conn: Conn; stop(): Promise<void> }>();
beforeAll(async () => {
  const [m, p] = await Promise.all([sharedMariaDb(), sharedPostgres()]);
  servers.set("mariadb", m).set("postgres", p);
}, 20_000);
afterAll(() => Promise.all([...servers.values()].map((s) => s.stop())));

const HOSTILE = ["a'b", "a`b", 'a"b', "a b", "a;drop", "Upper", "x".repeat(64), "", "1abc"];

/** What the DomainError says, for toMatchObject. */
async function failure(p: Promise<unknown>): Promise<{ kind: string; code: string; message: string }> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(e)}`);
  return { kind: e.kind, code: e.code, message: e.message };
}

/** Runs statements as an app would: its own credentials, its own database. */
async function asApp(id: EngineId, conn: Conn, statements: string[]): Promise<unknown[]> {
  const sql = new SQL({ adapter: id === "mariadb" ? "mysql" : "postgres", hostname: conn.host, port: conn.port, username: conn.user, password: conn.password, database: conn.database, max: 1 });
  try {
    const out: unknown[] = [];
    for (const s of statements) out.push(await sql.unsafe(s));
    return out;
  } finally {
    await sql.close();
  }
}

for (const id of ["mariadb", "postgres"] as const) {
  describe(`${id} engine`, () => {
    const engine = engineOf(id);
    let admin: Conn;
    beforeAll(() => {
      admin = servers.get(id)!.conn;
    });

    test("reports the server version, which also proves the admin credentials", async () => {
      expect(await engine.version(admin)).toMatch(/^\d+\.\d+/);
    });

    test("a new database is listed with its tables and size; system databases never are", async () => {
      await engine.createDatabase(admin, "shop");
      await asApp(id, { ...admin, database: "shop" }, ["CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(50))", "INSERT INTO items VALUES (1, 'pen')"]);
      const list = await engine.listDatabases(admin);
      const shop = list.find((d) => d.name === "shop");
      expect(shop).toMatchObject({ name: "shop", tables: 1 });
      expect(shop!.sizeBytes).toBeGreaterThan(0);
      for (const sys of engine.systemDatabases) expect(list.map((d) => d.name)).not.toContain(sys);
    });

    test("a user granted a database connects with its password, creates tables and writes, and cannot enter another database", async () => {
      await engine.createDatabase(admin, "blog");
      await engine.createDatabase(admin, "secret");
      await engine.createUser(admin, "blogger", "blogger-password-1");
      await engine.grantAll(admin, "blog", "blogger");
      const app = { ...admin, user: "blogger", password: "blogger-password-1", database: "blog" };
      const [, , rows] = await asApp(id, app, ["CREATE TABLE posts (id INT PRIMARY KEY, title VARCHAR(100))", "INSERT INTO posts VALUES (1, 'héllo')", "SELECT title FROM posts"]);
      expect(rows).toEqual([{ title: "héllo" }] as never);
      expect(await engine.listUsers(admin)).toContain("blogger");
      expect(await engine.listUsers(admin)).not.toContain(admin.user);
      expect(await failure(engine.version({ ...app, database: "secret" }))).toMatchObject({ kind: "forbidden", code: "db_access_denied" });
      const seen = (await engine.listDatabases({ ...app, database: undefined })).map((d) => d.name);
      expect(seen).toContain("blog");
      expect(seen).not.toContain("secret");
    });

    test("dropped users can no longer log in and dropped databases are gone", async () => {
      await engine.createDatabase(admin, "temp_db");
      await engine.createUser(admin, "temp_user", "temp-password-1");
      await engine.grantAll(admin, "temp_db", "temp_user");
      const app = { ...admin, user: "temp_user", password: "temp-password-1", database: "temp_db" };
      await asApp(id, app, ["CREATE TABLE t (x INT)"]);
      await engine.dropDatabase(admin, "temp_db");
      await engine.dropUser(admin, "temp_user");
      expect((await engine.listDatabases(admin)).map((d) => d.name)).not.toContain("temp_db");
      expect(await engine.listUsers(admin)).not.toContain("temp_user");
      expect(await failure(engine.version({ ...app, database: undefined }))).toMatchObject({ code: "db_auth_failed" });
      expect(await failure(engine.dropDatabase(admin, "temp_db"))).toMatchObject({ kind: "not_found", code: "database_not_found" });
      expect(await failure(engine.dropUser(admin, "temp_user"))).toMatchObject({ kind: "not_found", code: "db_user_not_found" });
    });

    test("creating what exists is a conflict", async () => {
      await engine.createDatabase(admin, "twice");
      await engine.createUser(admin, "twice_user", "twice-password-1");
      expect(await failure(engine.createDatabase(admin, "twice"))).toMatchObject({ kind: "conflict", code: "database_exists" });
      expect(await failure(engine.createUser(admin, "twice_user", "another-password"))).toMatchObject({ kind: "conflict", code: "db_user_exists" });
    });

    test("a wrong admin password is db_auth_failed with the server's message", async () => {
      const f = await failure(engine.version({ ...admin, password: "wrong-password" }));
      expect(f).toMatchObject({ kind: "invalid", code: "db_auth_failed" });
      expect(f.message).toMatch(/denied|authentication failed/i);
    });

    test("a closed port is db_unreachable", async () => {
      expect(await failure(engine.version({ ...admin, port: await freePort() }))).toMatchObject({ kind: "unavailable", code: "db_unreachable" });
    });

    test("hostile or malformed names are refused before anything reaches the server", async () => {
      const dbNames = async () => (await engine.listDatabases(admin)).map((d) => d.name);
      const before = { dbs: await dbNames(), users: await engine.listUsers(admin) };
      for (const name of HOSTILE) {
        for (const attempt of [
          engine.createDatabase(admin, name),
          engine.createUser(admin, name, "some-password-1"),
          engine.grantAll(admin, name, "blogger"),
          engine.grantAll(admin, "blog", name),
          engine.dropDatabase(admin, name),
          engine.dropUser(admin, name),
        ]) {
          expect(await failure(attempt)).toMatchObject({ kind: "invalid", code: "invalid_db_name" });
        }
      }
      expect(await dbNames()).toEqual(before.dbs);
      expect(await engine.listUsers(admin)).toEqual(before.users);
    });

    test("system databases and accounts cannot be dropped or taken", async () => {
      for (const db of engine.systemDatabases.filter((d) => /^[a-z]/.test(d))) {
        expect(await failure(engine.dropDatabase(admin, db))).toMatchObject({ code: "db_reserved_name" });
      }
      expect(await failure(engine.createUser(admin, id === "mariadb" ? "root" : "postgres", "some-password-1"))).toMatchObject({ code: "db_reserved_name" });
      expect(await failure(engine.dropUser(admin, "serverkit_admin"))).toMatchObject({ code: "db_reserved_name" });
    });

    test("url() percent-encodes credentials: it parses back and an app can connect with it", async () => {
      const password = "p/a+s=s:w@r#d?";
      await engine.createDatabase(admin, "urls");
      await engine.createUser(admin, "url_user", password);
      await engine.grantAll(admin, "urls", "url_user");
      const url = engine.url({ ...admin, user: "url_user", password, database: "urls" });
      const u = new URL(url);
      expect(u.protocol).toBe(id === "mariadb" ? "mysql:" : "postgres:");
      expect([decodeURIComponent(u.username), decodeURIComponent(u.password), u.hostname, u.port, u.pathname]).toEqual(["url_user", password, "127.0.0.1", String(admin.port), "/urls"]);
      const sql = new SQL(url, { max: 1 });
      try {
        expect(await sql.unsafe("SELECT 1 AS one")).toEqual([{ one: 1 }] as never);
      } finally {
        await sql.close();
      }
    });
  });
}
