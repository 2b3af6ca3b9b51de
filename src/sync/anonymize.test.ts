// anonymize_users against real MariaDB and PostgreSQL, on a WordPress-shaped database with
// two installations: afterwards no production address, name or IP is left in any column of
// any table, kept users are exactly as they were, a dry run counts the same without writing,
// and a failure half-way leaves everything as it was.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Conn } from "../databases/engines/index.ts";
import { ENGINES as DB_ENGINES } from "../databases/engines/index.ts";
import { sharedMariaDb, sharedPostgres } from "../databases/testing.ts";
import { DomainError } from "../lib/errors.ts";
import { anonymizeUsers } from "./anonymize.ts";
import type { DbTarget } from "./search-replace.ts";
import { connect } from "./wp-fixture.ts";
import { createWordPressUsersFixture, KEEP, PROD_SECRETS, USERS } from "./wp-users-fixture.ts";

const ENGINES = [
  ["mariadb", sharedMariaDb],
  ["postgres", sharedPostgres],
] as const;

const EXPECTED = { tablePrefix: "wp_", users: 3, kept: 2, metaRemoved: 21, sessionsRemoved: 5, commentsAnonymized: 4 };

for (const [engine, start] of ENGINES) {
  describe(`anonymize on ${engine}`, () => {
    let server: { conn: Conn; stop(): Promise<void> };
    let n = 0;
    beforeAll(async () => {
      server = await start();
    }, 120_000);
    afterAll(() => server?.stop());

    const run = async (t: DbTarget, query: string) => {
      const sql = connect(engine, t.conn, t.conn.database);
      try {
        return (await sql.unsafe(query)) as Record<string, unknown>[];
      } finally {
        await sql.close();
      }
    };
    const fresh = async () => {
      const database = `an_${engine}_${process.pid}_${++n}`;
      await createWordPressUsersFixture(engine, server.conn, database);
      return { engine, conn: { ...server.conn, database } } satisfies DbTarget;
    };
    /** Every row of every table as text (column names lower-cased, bytes as hex), rows sorted. */
    const everything = async (t: DbTarget) => {
      const list = engine === "mariadb" ? "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()" : "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'";
      const out: Record<string, string[]> = {};
      for (const { t: table } of await run(t, list)) {
        const rows = await run(t, `SELECT * FROM ${String(table)}`);
        out[String(table)] = rows
          .map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), Buffer.isBuffer(v) || v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v]))))
          .sort();
      }
      return out;
    };
    const users = async (t: DbTarget, table = "wp_users") =>
      run(t, `SELECT ID AS id, user_login AS login, user_pass AS pass, user_nicename AS nicename, user_email AS email, user_url AS url, user_activation_key AS akey, display_name AS display FROM ${table} ORDER BY ID`);
    const meta = async (t: DbTarget, userId: number) =>
      (await run(t, `SELECT meta_key AS k, meta_value AS v FROM wp_usermeta WHERE user_id = ${userId} ORDER BY umeta_id`)).map((r) => [r.k, r.v]);

    test("no production address, name or IP is left anywhere; kept users stay exactly as they were", async () => {
      const t = await fresh();
      const before = await users(t);
      const keptMeta = [await meta(t, 1), await meta(t, 2)];
      const keptComment = await run(t, "SELECT * FROM wp_comments WHERE comment_ID = 3");
      // The fixture really holds what must go.
      const text = JSON.stringify(await everything(t)).toLowerCase();
      for (const s of PROD_SECRETS) expect(text).toContain(s.toLowerCase());

      const lines: string[] = [];
      expect(await anonymizeUsers(t, { keep: KEEP, log: (l) => lines.push(l) })).toEqual(EXPECTED);
      expect(lines).toContain("Anonymize (wp_): 2 users got fakes, 2 kept, 14 personal meta and 4 sessions removed, 3 comments anonymized");

      const after = JSON.stringify(await everything(t)).toLowerCase();
      for (const s of PROD_SECRETS) expect(after, s).not.toContain(s.toLowerCase());

      const now = await users(t);
      expect(now.slice(0, 2)).toEqual(before.slice(0, 2)); // admin (by login), editor (by email, any case)
      expect(await meta(t, 1)).toEqual(keptMeta[0]!.filter(([k]) => k !== "session_tokens"));
      expect(await meta(t, 2)).toEqual(keptMeta[1]!.filter(([k]) => k !== "session_tokens"));
      expect(await run(t, "SELECT * FROM wp_comments WHERE comment_ID = 3")).toEqual(keptComment);

      for (const [i, u] of now.slice(2).entries()) {
        const id = USERS[i + 2]![0];
        const { id: _id, pass: _pass, ...fakes } = u;
        expect(fakes).toEqual({ login: `user${id}`, nicename: `user${id}`, email: `user${id}@example.invalid`, url: "", akey: "", display: `User ${id}` });
        expect(String(u.pass)).toMatch(/^\$P\$B[0-9a-f]{30}$/);
        expect(u.pass).not.toBe(before[i + 2]!.pass);
      }
      expect(new Set(now.map((u) => u.pass)).size).toBe(now.length);
      // Roles and harmless settings stay; the nickname follows the fake login.
      expect(await meta(t, 3)).toEqual([["nickname", "user3"], ["wp_capabilities", 'a:1:{s:13:"administrator";b:1;}'], ["show_admin_bar_front", "true"]]);
      expect(await run(t, "SELECT COUNT(*) AS n FROM wp_usermeta WHERE meta_key = 'session_tokens'")).toEqual([{ n: engine === "mariadb" ? 0 : "0" }]);

      const comments = await run(t, "SELECT comment_ID AS id, comment_author AS a, comment_author_email AS e, comment_author_url AS u, comment_author_IP AS ip, comment_agent AS ag FROM wp_comments ORDER BY comment_ID");
      expect(comments.slice(0, 2).map((c) => [Number(c.id), c.a, c.e, c.u, c.ip, c.ag])).toEqual([
        [1, "User 3", "user3@example.invalid", "", "", ""], // a registered author: the same fake as their user row
        [2, "Visitor 2", "comment2@example.invalid", "", "", ""],
      ]);
      expect((await run(t, "SELECT comment_author AS a FROM blog_comments"))[0]!.a).toBe("User 7");
      expect((await users(t, "blog_users"))[0]!.email).toBe("user7@example.invalid");
      const admin = async (table: string) => (await run(t, `SELECT option_value AS v FROM ${table} WHERE option_name LIKE '%admin_email' ORDER BY option_id`)).map((r) => r.v);
      expect(await admin("wp_options")).toEqual(["admin@prod-site.com"]); // a kept user's address
      expect(await admin("blog_options")).toEqual(["admin@example.invalid", "admin@example.invalid"]);
    }, 90_000);

    test("a dry run counts what the real run changes and writes nothing", async () => {
      const t = await fresh();
      const before = await everything(t);
      const lines: string[] = [];
      expect(await anonymizeUsers(t, { keep: KEEP, dryRun: true, log: (l) => lines.push(l) })).toEqual(EXPECTED);
      expect(lines).toContain("Anonymize (wp_): 2 users would get fakes, 2 kept, 14 personal meta and 4 sessions would be removed, 3 comments would be anonymized");
      expect(await everything(t)).toEqual(before);
    }, 90_000);

    test("with nobody kept, every user gets fakes", async () => {
      const t = await fresh();
      const r = await anonymizeUsers(t, { keep: [] });
      expect(r).toMatchObject({ users: 5, kept: 0, sessionsRemoved: 5, commentsAnonymized: 5 });
      expect((await users(t)).map((u) => u.login)).toEqual(["user1", "user2", "user3", "user4"]);
      expect((await run(t, "SELECT option_value AS v FROM wp_options WHERE option_name = 'admin_email'"))[0]!.v).toBe("admin@example.invalid");
    }, 90_000);

    test("a failure half-way leaves every table as it was", async () => {
      const t = await fresh();
      // Processed after wp_users: a sub-site's comments whose author column cannot hold "Visitor 1".
      await run(t, "CREATE TABLE wp_3_comments (comment_ID INT PRIMARY KEY, comment_author VARCHAR(3) NOT NULL, comment_author_email VARCHAR(100) NOT NULL, user_id INT NOT NULL)");
      await run(t, "INSERT INTO wp_3_comments VALUES (1, 'Zed', 'zed@prod-site.com', 0)");
      const before = await everything(t);
      await expect(anonymizeUsers(t, { keep: KEEP })).rejects.toThrow(DomainError);
      expect(await everything(t)).toEqual(before);
    }, 90_000);

    test("a database without WordPress users: nothing to do, and the log says why", async () => {
      const database = `an_${engine}_${process.pid}_${++n}`;
      await DB_ENGINES[engine].createDatabase(server.conn, database);
      const t = { engine, conn: { ...server.conn, database } } satisfies DbTarget;
      await run(t, "CREATE TABLE users (id INT PRIMARY KEY, email TEXT)");
      const lines: string[] = [];
      expect(await anonymizeUsers(t, { keep: [], log: (l) => lines.push(l) })).toEqual({ tablePrefix: null, users: 0, kept: 0, metaRemoved: 0, sessionsRemoved: 0, commentsAnonymized: 0 });
      expect(lines.join("\n")).toContain("no WordPress users table");
    }, 60_000);
  });
}
