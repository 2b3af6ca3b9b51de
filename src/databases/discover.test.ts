// Adopting host-installed servers through the OS-level admin path, against real servers
// whose sockets live in temp dirs (injected where Debian's would be).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { DomainError } from "../lib/errors.ts";
import { discoverHostEngines } from "./discover.ts";
import { engineOf } from "./engines/index.ts";
import { sharedMariaDb, sharedPostgres, type TestMariaDb, type TestPostgres } from "./testing.ts";

let maria: TestMariaDb;
let pg: TestPostgres;
beforeAll(async () => {
  [maria, pg] = await Promise.all([sharedMariaDb(), sharedPostgres()]);
}, 20_000);
afterAll(() => Promise.all([maria?.stop(), pg?.stop()]));

const opts = () => ({ mariadbSocket: maria.socket, postgresSocketDir: pg.socketDir, postgresPort: pg.port });

describe("discoverHostEngines", () => {
  test("finds both servers and hands back a working serverkit_admin login over TCP", async () => {
    const found = await discoverHostEngines(opts());
    expect(found.map((f) => f.engine).sort()).toEqual(["mariadb", "postgres"]);
    for (const f of found) {
      expect(f.conn).toMatchObject({ host: "127.0.0.1", user: "serverkit_admin", port: f.engine === "mariadb" ? maria.conn.port : pg.port });
      expect(f.conn.password).toHaveLength(32);
      expect(f.version).toMatch(/^\d+\.\d+/);
      // The admin can do admin things: create and drop a database.
      const engine = engineOf(f.engine);
      await engine.createDatabase(f.conn, "adopted");
      expect((await engine.listDatabases(f.conn)).map((d) => d.name)).toContain("adopted");
      await engine.dropDatabase(f.conn, "adopted");
      // The panel's own account is not a user to manage.
      expect(await engine.listUsers(maria.conn.port === f.conn.port ? maria.conn : pg.conn)).not.toContain("serverkit_admin");
    }
  });

  test("running it again resets the password: the new one works, the old one no longer does", async () => {
    const first = await discoverHostEngines(opts());
    const second = await discoverHostEngines(opts());
    for (const engine of ["mariadb", "postgres"] as const) {
      const before = first.find((f) => f.engine === engine)!;
      const after = second.find((f) => f.engine === engine)!;
      expect(after.conn.password).not.toBe(before.conn.password);
      expect(await engineOf(engine).version(after.conn)).toBe(after.version);
      const stale = await engineOf(engine)
        .version(before.conn)
        .catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(DomainError);
      expect(stale).toMatchObject({ code: "db_auth_failed" });
    }
  });

  test("without a port, every PostgreSQL socket in the directory is found", async () => {
    const found = await discoverHostEngines({ mariadbSocket: "/nonexistent/mysqld.sock", postgresSocketDir: pg.socketDir });
    expect(found.map((f) => [f.engine, f.conn.port])).toEqual([["postgres", pg.port]]);
  });

  test("a machine without database servers has nothing to offer", async () => {
    expect(await discoverHostEngines({ mariadbSocket: "/nonexistent/mysqld.sock", postgresSocketDir: "/nonexistent" })).toEqual([]);
  });
});
