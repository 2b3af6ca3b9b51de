// `serverkit db search-replace` from the compiled binary against real MariaDB and PostgreSQL:
// the dry run changes nothing, the real run rewrites the WordPress-shaped database, and every
// kind of failure exits non-zero.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { sharedMariaDb, sharedPostgres, freePort } from "../../src/databases/testing";
import type { Conn } from "../../src/databases/engines/index";
import { DEV, OPTIONS, WWW, connect, createWordPressFixture, snapshot } from "../../src/sync/wp-fixture";
import { runCli } from "../harness/panel";

const ENGINES = [
  ["mariadb", "mysql", sharedMariaDb],
  ["postgres", "postgres", sharedPostgres],
] as const;

const urlOf = (scheme: string, conn: Conn, database: string) =>
  `${scheme}://${encodeURIComponent(conn.user)}:${encodeURIComponent(conn.password)}@${conn.host}:${conn.port}/${database}`;

for (const [engine, scheme, start] of ENGINES) {
  describe(`serverkit db search-replace (${engine})`, () => {
    let server: { conn: Conn; stop(): Promise<void> };
    beforeAll(async () => {
      server = await start();
    }, 120_000);
    afterAll(() => server?.stop());

    test("dry run, then the real run; exit 0 and the database rewritten", async () => {
      const database = `e2e_sr_${engine}_${process.pid}`;
      await createWordPressFixture(engine, server.conn, database);
      const url = urlOf(scheme, server.conn, database);
      const before = await snapshot(engine, server.conn, database);

      const dry = await runCli(["db", "search-replace", "--database-url", url, "--search", WWW, "--replace", DEV, "--dry-run"], { timeoutMs: 60_000 });
      expect(dry.stderr).toBe("");
      expect(dry.exitCode).toBe(0);
      expect(dry.stdout).toContain("wp_options: 8 rows matched, 6 would change (option_value 6), 1 skipped");
      expect(dry.stdout).toContain("dry run: nothing written");
      expect(dry.stdout).toContain(`+ ${DEV}`);
      expect(await snapshot(engine, server.conn, database)).toEqual(before);

      const real = await runCli(["db", "search-replace", "--database-url", url, "--search", WWW, "--replace", DEV], { timeoutMs: 60_000 });
      expect(real.exitCode).toBe(0);
      expect(real.stdout).toContain("wp_options: 8 rows matched, 6 changed");
      const sql = connect(engine, server.conn, database);
      try {
        const rows: { option_value: string }[] = await sql.unsafe("SELECT option_value FROM wp_options ORDER BY option_id");
        expect(rows.map((r) => r.option_value)).toEqual(OPTIONS.map(([, , , after]) => after));
      } finally {
        await sql.close();
      }
    }, 120_000);

    test("failures exit non-zero and say why", async () => {
      const good = urlOf(scheme, server.conn, "postgres");
      const cases: [string[], RegExp][] = [
        [["--database-url", "mysql//nope", "--search", WWW, "--replace", DEV], /Invalid database URL/],
        [["--database-url", "ftp://u:p@127.0.0.1:1/db", "--search", WWW, "--replace", DEV], /unknown scheme/],
        [["--database-url", good, "--search", WWW, "--search", "https://a.example", "--replace", DEV], /go in pairs/],
        [["--database-url", good, "--search", "abc", "--replace", "abcd"], /too short/],
        [["--database-url", good], /at least one --search/],
        [["--search", WWW, "--replace", DEV], /--database-url is required/],
        [["--database-url", urlOf(scheme, { ...server.conn, port: await freePort() }, "db"), "--search", WWW, "--replace", DEV], /reach|refused|connect/i],
        [["--database-url", urlOf(scheme, server.conn, "no_such_db"), "--search", WWW, "--replace", DEV], /no_such_db|Unknown database|does not exist/i],
      ];
      for (const [args, message] of cases) {
        const r = await runCli(["db", "search-replace", ...args], { timeoutMs: 60_000 });
        expect({ args, code: r.exitCode === 0 ? 0 : "non-zero" }).toEqual({ args, code: "non-zero" });
        expect(r.stderr).toMatch(message);
      }
      const wrongPassword = await runCli(["db", "search-replace", "--database-url", urlOf(scheme, { ...server.conn, password: "wrong-password" }, "x"), "--search", WWW, "--replace", DEV], { timeoutMs: 60_000 });
      expect(wrongPassword.exitCode).not.toBe(0);
    }, 180_000);
  });
}

test("serverkit db --help", async () => {
  const r = await runCli(["db", "--help"]);
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toContain("Usage: serverkit db search-replace");
  const top = await runCli(["--help"]);
  expect(top.stdout).toMatch(/\n {2}db {8}search-replace/);
});
