// truncate_tables against real MariaDB and PostgreSQL: the matching tables are emptied and
// their row counts reported, a dry run only counts, and foreign keys from tables left alone
// stop the step before anything is emptied.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Conn } from "../databases/engines/index.ts";
import { sharedMariaDb, sharedPostgres } from "../databases/testing.ts";
import { DomainError } from "../lib/errors.ts";
import type { DbTarget } from "./search-replace.ts";
import { truncateTables } from "./truncate.ts";
import { createWordPressFixture, runQueries } from "./wp-fixture.ts";

const byTable = (a: { table: string }, b: { table: string }) => (a.table < b.table ? -1 : 1);

const ENGINES = [
  ["mariadb", sharedMariaDb],
  ["postgres", sharedPostgres],
] as const;

for (const [engine, start] of ENGINES) {
  describe(`truncate on ${engine}`, () => {
    let server: { conn: Conn; stop(): Promise<void> };
    let n = 0;
    beforeAll(async () => {
      server = await start();
    }, 120_000);
    afterAll(() => server?.stop());

    const run = (t: DbTarget, ...queries: string[]) => runQueries(engine, t.conn, t.conn.database, ...queries);
    const counts = async (t: DbTarget, tables: string[]) => {
      const out: Record<string, number> = {};
      for (const table of tables) out[table] = Number((await run(t, `SELECT COUNT(*) AS n FROM ${table}`))[0]!.n);
      return out;
    };
    const fresh = async () => {
      const database = `tr_${engine}_${process.pid}_${++n}`;
      await createWordPressFixture(engine, server.conn, database);
      const t = { engine, conn: { ...server.conn, database } } satisfies DbTarget;
      await run(
        t,
        "CREATE TABLE wp_statistics_visits (id INT PRIMARY KEY, ip VARCHAR(40))",
        "CREATE TABLE wp_statistics_pages (id INT PRIMARY KEY, uri TEXT)",
        "INSERT INTO wp_statistics_visits VALUES (1, '10.0.0.1'), (2, '10.0.0.2'), (3, '10.0.0.3')",
        "INSERT INTO wp_statistics_pages VALUES (1, '/a')",
      );
      return t;
    };
    const ALL = ["wp_statistics_visits", "wp_statistics_pages", "wp_options", "wp_postmeta"];

    test("a dry run counts the matching tables' rows and empties nothing; the real run empties exactly those", async () => {
      const t = await fresh();
      const before = await counts(t, ALL);
      const lines: string[] = [];
      const dry = await truncateTables(t, ["wp_statistics_*", "wp_nothing_*"], { dryRun: true, log: (l) => lines.push(l) });
      expect(dry.toSorted(byTable)).toEqual([
        { table: "wp_statistics_pages", rows: 1 },
        { table: "wp_statistics_visits", rows: 3 },
      ]);
      expect(lines).toContain("wp_statistics_visits: 3 rows would be emptied");
      expect(await counts(t, ALL)).toEqual(before);

      const real = await truncateTables(t, ["wp_statistics_*", "wp_nothing_*"]);
      expect(real).toEqual(dry);
      expect(await counts(t, ALL)).toEqual({ ...before, wp_statistics_visits: 0, wp_statistics_pages: 0 });
      expect(before.wp_options).toBeGreaterThan(0);
    }, 60_000);

    test("patterns matching nothing change nothing and report nothing", async () => {
      const t = await fresh();
      const lines: string[] = [];
      expect(await truncateTables(t, ["wp_none_*"], { log: (l) => lines.push(l) })).toEqual([]);
      expect(lines).toEqual(["Truncate: no table matches wp_none_*"]);
      expect(await truncateTables(t, [])).toEqual([]);
    }, 60_000);

    test("a foreign key from a table left alone stops the step before anything is emptied", async () => {
      const t = await fresh();
      await run(
        t,
        "CREATE TABLE wp_orders (id INT PRIMARY KEY)",
        "CREATE TABLE wp_order_items (id INT PRIMARY KEY, order_id INT NOT NULL, FOREIGN KEY (order_id) REFERENCES wp_orders (id))",
        "INSERT INTO wp_orders VALUES (1), (2)",
        "INSERT INTO wp_order_items VALUES (10, 1), (11, 2), (12, 2)",
      );
      const tables = ["wp_orders", "wp_order_items", "wp_statistics_visits"];
      const before = await counts(t, tables);
      const err = (await truncateTables(t, ["wp_statistics_*", "wp_orders"]).catch((e) => e)) as DomainError;
      expect(err).toBeInstanceOf(DomainError);
      expect(err.code).toBe("truncate_blocked_by_fk");
      expect(err.message).toContain("wp_order_items refers to it");
      expect(await counts(t, tables)).toEqual(before);

      // Emptied together, the key is no obstacle.
      const done = await truncateTables(t, ["wp_order*"]);
      expect(done.toSorted(byTable)).toEqual([
        { table: "wp_order_items", rows: 3 },
        { table: "wp_orders", rows: 2 },
      ]);
      expect(await counts(t, tables)).toEqual({ wp_orders: 0, wp_order_items: 0, wp_statistics_visits: 3 });
      // The key itself is still there and enforced.
      await expect(run(t, "INSERT INTO wp_order_items VALUES (20, 99)")).rejects.toThrow();
    }, 60_000);

    test("a matching table with a name that cannot be quoted safely is refused; bad patterns never reach the server", async () => {
      const t = await fresh();
      const q = engine === "mariadb" ? "`" : '"';
      await run(t, `CREATE TABLE ${q}wp_statistics_o-dd${q} (id INT PRIMARY KEY)`);
      const err = (await truncateTables(t, ["wp_statistics_*"]).catch((e) => e)) as DomainError;
      expect(err.code).toBe("unsupported_identifier");
      expect((await counts(t, ["wp_statistics_visits"])).wp_statistics_visits).toBe(3);

      const bad = (await truncateTables({ engine, conn: { ...t.conn, password: "wrong" } }, ["wp_x; DROP TABLE wp_options"]).catch((e) => e)) as DomainError;
      expect(bad.code).toBe("table_pattern_invalid");
    }, 60_000);

    if (engine === "postgres") {
      test("tables in other schemas and with mixed-case names are emptied by their qualified, quoted names", async () => {
        const t = await fresh();
        await run(t, "CREATE SCHEMA stats", "CREATE TABLE stats.hits (id INT PRIMARY KEY)", "INSERT INTO stats.hits VALUES (1), (2)", 'CREATE TABLE "Wp_Cache" (k TEXT)', `INSERT INTO "Wp_Cache" VALUES ('x')`);
        const done = await truncateTables(t, ["stats*", "Wp_Cache"]);
        expect(done.toSorted(byTable)).toEqual([
          { table: "Wp_Cache", rows: 1 },
          { table: "stats.hits", rows: 2 },
        ]);
        expect(await counts(t, ["stats.hits", '"Wp_Cache"'])).toEqual({ "stats.hits": 0, '"Wp_Cache"': 0 });
      }, 60_000);
    }
  });
}
