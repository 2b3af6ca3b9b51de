// WordPress's siteurl and home after a sync, against real MariaDB and PostgreSQL: found by
// the options table that holds them, set to the target's address (checked first), and a dry
// run that only reads.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Conn } from "../databases/engines/index.ts";
import { ENGINES as DB_ENGINES } from "../databases/engines/index.ts";
import { sharedMariaDb, sharedPostgres } from "../databases/testing.ts";
import { DomainError } from "../lib/errors.ts";
import type { DbTarget } from "./search-replace.ts";
import { createWordPressFixture, runQueries, OPTIONS, WWW } from "./wp-fixture.ts";
import { checkWordPressUrl, setWordPressUrls, wordpressPrefix } from "./wp-urls.ts";

describe("checkWordPressUrl", () => {
  test("http(s)://host[:port][/path] passes, without its trailing slash", () => {
    expect(checkWordPressUrl("https://dev.site.com")).toBe("https://dev.site.com");
    expect(checkWordPressUrl("http://dev.site.com:8443/blog/")).toBe("http://dev.site.com:8443/blog");
    expect(checkWordPressUrl("http://127.0.0.1:8080")).toBe("http://127.0.0.1:8080");
    expect(checkWordPressUrl("http://localhost")).toBe("http://localhost");
  });

  test("anything else is refused with wordpress_url_invalid", () => {
    for (const bad of ["", "dev.site.com", "ftp://dev.site.com", "javascript:alert(1)", "https://dev.site.com/'; DROP TABLE wp_options; --", 'https://dev"site.com', "https://dev.site.com/a b", "https://dev.site.com/?p=1", "https://dev.site.com/#x", "https://dev.site.com:99999", "https://-bad-.com", "https://dev.site.com\\x"]) {
      let err: unknown;
      try {
        checkWordPressUrl(bad);
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe("wordpress_url_invalid");
    }
  });
});

const ENGINES = [
  ["mariadb", sharedMariaDb],
  ["postgres", sharedPostgres],
] as const;

for (const [engine, start] of ENGINES) {
  describe(`WordPress URLs on ${engine}`, () => {
    let server: { conn: Conn; stop(): Promise<void> };
    let n = 0;
    beforeAll(async () => {
      server = await start();
    }, 120_000);
    afterAll(() => server?.stop());

    const run = (t: DbTarget, ...queries: string[]) => runQueries(engine, t.conn, t.conn.database, ...queries);
    const options = async (t: DbTarget, table = "wp_options") =>
      (await run(t, `SELECT option_name, option_value FROM ${table} ORDER BY option_id`)).map((r) => [r.option_name, r.option_value]);
    const fresh = async () => {
      const database = `wu_${engine}_${process.pid}_${++n}`;
      await createWordPressFixture(engine, server.conn, database);
      return { engine, conn: { ...server.conn, database } } satisfies DbTarget;
    };

    test("siteurl and home become the target's address; nothing else changes; a dry run only reads", async () => {
      const t = await fresh();
      const before = await options(t);
      const lines: string[] = [];
      const dry = await setWordPressUrls(t, "https://dev.site.com:8443/", { dryRun: true, log: (l) => lines.push(l) });
      expect(dry).toEqual({ prefix: "wp_", before: { siteurl: WWW, home: WWW } });
      expect(lines[0]).toContain("would become https://dev.site.com:8443");
      expect(await options(t)).toEqual(before);

      const real = await setWordPressUrls(t, "https://dev.site.com:8443/");
      expect(real).toEqual(dry);
      expect(await options(t)).toEqual(OPTIONS.map(([, name, value]) => [name, name === "siteurl" || name === "home" ? "https://dev.site.com:8443" : value]));
    }, 60_000);

    test("the prefix is the one of the options table holding siteurl; multisite: the main site's", async () => {
      const t = await fresh();
      expect(await wordpressPrefix(t)).toBe("wp_");
      await run(
        t,
        "CREATE TABLE wp_2_options (option_id INT PRIMARY KEY, option_name VARCHAR(191), option_value TEXT)",
        "INSERT INTO wp_2_options VALUES (1, 'siteurl', 'https://www.site.com/two'), (2, 'home', 'https://www.site.com/two')",
        "CREATE TABLE wp_cacheoptions (option_id INT PRIMARY KEY, option_name VARCHAR(191), option_value TEXT)",
      );
      expect(await wordpressPrefix(t)).toBe("wp_");
      await setWordPressUrls(t, "http://dev.site.com");
      expect(await options(t, "wp_2_options")).toEqual([["siteurl", "https://www.site.com/two"], ["home", "https://www.site.com/two"]]);

      await run(t, "DELETE FROM wp_options WHERE option_name = 'siteurl'");
      expect(await wordpressPrefix(t)).toBe("wp_2_");
    }, 60_000);

    test("a database that is not WordPress: no prefix, nothing set", async () => {
      const database = `wu_${engine}_${process.pid}_${++n}`;
      await DB_ENGINES[engine].createDatabase(server.conn, database);
      const t = { engine, conn: { ...server.conn, database } } satisfies DbTarget;
      await run(t, "CREATE TABLE settings (option_name VARCHAR(50), option_value TEXT)", "INSERT INTO settings VALUES ('siteurl', 'x')");
      expect(await wordpressPrefix(t)).toBeNull();
      const lines: string[] = [];
      expect(await setWordPressUrls(t, "https://dev.site.com", { log: (l) => lines.push(l) })).toBeNull();
      expect(lines[0]).toContain("nothing to set");
      expect((await run(t, "SELECT option_value FROM settings"))[0]!.option_value).toBe("x");
    }, 60_000);

    test("a bad URL is refused before the database is touched", async () => {
      const t = await fresh();
      const err = (await setWordPressUrls({ ...t, conn: { ...t.conn, password: "wrong" } }, "https://x.com/'--").catch((e) => e)) as DomainError;
      expect(err.code).toBe("wordpress_url_invalid");
    }, 60_000);
  });
}
