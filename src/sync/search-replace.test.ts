// The search-replace pass against real MariaDB and PostgreSQL servers, on a WordPress-shaped
// database: every value right, serialized data still readable, keys, blobs and base64 as they
// were, and a dry run that writes nothing but reports the same counts.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { sharedMariaDb, sharedPostgres } from "../databases/testing.ts";
import type { Conn } from "../databases/engines/index.ts";
import { DomainError } from "../lib/errors.ts";
import { parsePhp } from "./php-serialize.ts";
import { searchReplace, type DbTarget } from "./search-replace.ts";
import { BASE64, BLOB, DEV, EXPECTED_COUNTS, META, OPTIONS, PAIRS, POSTS, WWW, connect, createWordPressFixture, snapshot } from "./wp-fixture.ts";

const ENGINES = [
  ["mariadb", sharedMariaDb],
  ["postgres", sharedPostgres],
] as const;

for (const [engine, start] of ENGINES) {
  describe(`search-replace on ${engine}`, () => {
    let server: { conn: Conn; stop(): Promise<void> };
    let n = 0;
    beforeAll(async () => {
      server = await start();
    }, 120_000);
    afterAll(() => server?.stop());

    const fresh = async () => {
      const database = `sr_${engine}_${process.pid}_${++n}`;
      await createWordPressFixture(engine, server.conn, database);
      return { engine, conn: { ...server.conn, database } } satisfies DbTarget;
    };
    const rows = async (t: DbTarget, query: string) => {
      const sql = connect(engine, t.conn, t.conn.database);
      try {
        return (await sql.unsafe(query)) as Record<string, unknown>[];
      } finally {
        await sql.close();
      }
    };

    test("a dry run writes nothing and reports what the real run then does", async () => {
      const target = await fresh();
      const before = await snapshot(engine, target.conn, target.conn.database);
      const lines: string[] = [];
      const dry = await searchReplace(target, { pairs: PAIRS, dryRun: true, log: (l) => lines.push(l) });
      expect(await snapshot(engine, target.conn, target.conn.database)).toEqual(before);
      const counts = Object.fromEntries(dry.tables.map((t) => [t.table, [t.matched, t.changed, t.skipped]]));
      expect(counts).toEqual(EXPECTED_COUNTS);
      expect(dry.tablesWithoutText).toBe(1); // wp_numbers
      expect(lines).toContain("wp_options: 8 rows matched, 6 would change (option_value 6), 1 skipped (unsafe to rewrite)");
      expect(lines.at(-1)).toContain("dry run: nothing written");
      const home = dry.tables.find((t) => t.table === "wp_options")!.samples.find((s) => s.row === "2")!;
      expect(home).toEqual({ column: "option_value", row: "2", before: WWW, after: DEV });

      const real = await searchReplace(target, { pairs: PAIRS });
      expect(Object.fromEntries(real.tables.map((t) => [t.table, [t.matched, t.changed, t.skipped]]))).toEqual(counts);
      expect(real.changed).toBe(dry.changed);
    }, 60_000);

    test("every value is rewritten correctly; keys, blobs, base64 and look-alikes stay", async () => {
      const target = await fresh();
      await searchReplace(target, { pairs: PAIRS });

      const options = await rows(target, "SELECT option_id, option_name, option_value FROM wp_options ORDER BY option_id");
      expect(options.map((r) => [Number(r.option_id), r.option_name, r.option_value])).toEqual(OPTIONS.map(([id, name, , after]) => [id, name, after]));
      for (const r of options) {
        const v = String(r.option_value);
        if (/^[aO]:/.test(v) && r.option_name !== "broken") expect(parsePhp(v)).toBeDefined();
      }
      const posts = await rows(target, "SELECT ID AS id, post_content, guid, post_title FROM wp_posts ORDER BY 1");
      expect(posts.map((r) => [Number(r.id), r.post_content, r.guid, r.post_title])).toEqual([
        [10, POSTS.content[1], POSTS.guid[1], "Hello é"],
        [11, "Plain text with no link", "http://other.example/?p=11", "Other"],
      ]);
      const meta = await rows(target, "SELECT meta_id, meta_value FROM wp_postmeta ORDER BY meta_id");
      expect(meta.map((r) => [Number(r.meta_id), r.meta_value])).toEqual(META.map(([id, , , after]) => [id, after]));

      const nokey = await rows(target, "SELECT k, v, f FROM wp_nokey ORDER BY k, v");
      expect(nokey.map((r) => [r.k, r.v, Number(r.f)])).toEqual([
        ["a", DEV, 0.1],
        ["a", DEV, 0.1],
        ["b", `${DEV}/b`, 0.30000000000000004],
        ["c", "none", 1.5],
      ]);
      const links = await rows(target, "SELECT site, n, url FROM wp_links ORDER BY n");
      expect(links.map((r) => [r.site, r.n, r.url])).toEqual([
        [WWW, 1, `${DEV}/a`],
        [WWW, 2, `${DEV}/b`],
      ]); // the primary key keeps the old URL: keys are never rewritten
      const doc = await rows(target, `SELECT ${engine === "mariadb" ? "CAST(doc AS CHAR)" : "doc::text"} AS doc FROM wp_jsondoc`);
      expect(JSON.parse(String(doc[0]!.doc))).toEqual({ home: DEV, n: 1 });
      const gen = await rows(target, "SELECT a, g FROM wp_gen");
      expect([gen[0]!.a, gen[0]!.g]).toEqual([DEV, `<${DEV}>`]); // generated columns follow, never written
      const blobs = await rows(target, "SELECT data, note FROM wp_blobs");
      expect(Buffer.from(blobs[0]!.data as Uint8Array).equals(BLOB)).toBe(true);
      expect(blobs[0]!.note).toBe(BASE64);
      expect(Buffer.from(BASE64, "base64").toString()).toContain(WWW);

      // Running it again finds nothing left to change: the pass is idempotent here.
      const again = await searchReplace(target, { pairs: PAIRS });
      expect(again.changed).toBe(0);
    }, 60_000);

    test("several pairs, small batches: paging by key visits every row once", async () => {
      const target = await fresh();
      const sql = connect(engine, target.conn, target.conn.database);
      try {
        for (let i = 0; i < 250; i++) await sql.unsafe(`INSERT INTO wp_postmeta VALUES (${1000 + i}, 11, 'k', ${engine === "mariadb" ? "?" : "$1"})`, [`${WWW}/p/${i} site.com`]);
      } finally {
        await sql.close();
      }
      // The second pair's replacement contains its search: visiting a row twice would show.
      const report = await searchReplace(target, { pairs: [...PAIRS, { search: "site.com", replace: "www.site.com" }], batchSize: 7 });
      const meta = await rows(target, "SELECT meta_value FROM wp_postmeta WHERE meta_id >= 1000 ORDER BY meta_id");
      expect(meta.map((r) => r.meta_value)).toEqual(Array.from({ length: 250 }, (_, i) => `https://dev.www.site.com:8443/p/${i} www.site.com`));
      expect(report.tables.find((t) => t.table === "wp_postmeta")!.changed).toBe(252);
    }, 60_000);

    test("a failing table is rolled back whole and the run fails", async () => {
      const target = await fresh();
      await rows(target, "CREATE TABLE wp_short (id INT PRIMARY KEY, v VARCHAR(21))");
      await rows(target, `INSERT INTO wp_short VALUES (1, 'x'), (2, '${WWW}')`);
      // "https://dev.site.com:8443" does not fit in VARCHAR(21): the update fails, nothing half-done stays.
      await expect(searchReplace(target, { pairs: PAIRS })).rejects.toThrow(DomainError);
      expect((await rows(target, "SELECT v FROM wp_short ORDER BY id")).map((r) => r.v)).toEqual(["x", WWW]);
    }, 60_000);

    test("a table whose name cannot be quoted safely stops the run before anything changes", async () => {
      const target = await fresh();
      const before = await snapshot(engine, target.conn, target.conn.database);
      const q = engine === "mariadb" ? "`" : '"';
      await rows(target, `CREATE TABLE ${q}wp-odd${q} (id INT PRIMARY KEY, v TEXT)`);
      await expect(searchReplace(target, { pairs: PAIRS })).rejects.toThrow(/wp-odd/);
      expect(await snapshot(engine, target.conn, target.conn.database)).toEqual(before);
    }, 60_000);

    if (engine === "postgres") {
      test("tables in other schemas are rewritten too, named schema.table", async () => {
        const target = await fresh();
        await rows(target, "CREATE SCHEMA shop");
        await rows(target, `CREATE TABLE shop.pages (slug VARCHAR(50) PRIMARY KEY, body TEXT)`);
        await rows(target, `INSERT INTO shop.pages VALUES ('a', '${WWW}/shop')`);
        const report = await searchReplace(target, { pairs: PAIRS });
        expect(report.tables.find((t) => t.table === "shop.pages")).toMatchObject({ matched: 1, changed: 1 });
        expect((await rows(target, "SELECT body FROM shop.pages"))[0]!.body).toBe(`${DEV}/shop`);
      }, 60_000);
    }

    test("bad input is refused before anything is touched", async () => {
      const target = await fresh();
      await expect(searchReplace(target, { pairs: [{ search: "abc", replace: "x" }] })).rejects.toThrow("too short");
      await expect(searchReplace({ engine, conn: { ...target.conn, password: "wrong-password" } }, { pairs: PAIRS })).rejects.toThrow(DomainError);
    }, 60_000);
  });
}
