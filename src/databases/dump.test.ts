// Dump and restore through the real tools against real servers: what comes back must be
// row-for-row what went in (unicode, NULLs, binary), and a broken dump must say so.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { SQL } from "bun";
import { DomainError } from "../lib/errors.ts";
import { dumpStream, restoreStream } from "./dump.ts";
import { engineOf } from "./engines/index.ts";
import type { Conn, EngineId } from "./engines/types.ts";
import { sharedMariaDb, sharedPostgres } from "./testing.ts";

interface Fixture {
  id: EngineId;
  blobType: string;
  /** Rows in a comparable form: binary as hex. */
  select: string;
}

const fixtures: Fixture[] = [
  { id: "mariadb", blobType: "LONGBLOB", select: "SELECT id, body, note, LOWER(HEX(data)) AS data FROM notes ORDER BY id" },
  { id: "postgres", blobType: "BYTEA", select: "SELECT id, body, note, encode(data, 'hex') AS data FROM notes ORDER BY id" },
];

// Both servers start together, once for the file.
const servers = new Map<EngineId, { conn: Conn; stop(): Promise<void> }>();
beforeAll(async () => {
  const [m, p] = await Promise.all([sharedMariaDb(), sharedPostgres()]);
  servers.set("mariadb", m).set("postgres", p);
}, 20_000);
afterAll(() => Promise.all([...servers.values()].map((s) => s.stop())));

const ROWS: [number, string, string | null, Uint8Array | null][] = [
  [1, "plain ascii", "first", new Uint8Array([0, 1, 2, 255, 254, 10, 13, 39, 92])],
  [2, "ünïcödé ✓ — 日本語 🎉", null, null],
  [3, "quotes ' \" ` and \\ backslash; DROP TABLE notes; --", "x", new Uint8Array(3000).map((_, i) => (i * 7) % 256)],
];

async function withSql<T>(id: EngineId, conn: Conn, fn: (sql: SQL) => Promise<T>): Promise<T> {
  const sql = new SQL({ adapter: id === "mariadb" ? "mysql" : "postgres", hostname: conn.host, port: conn.port, username: conn.user, password: conn.password, database: conn.database, max: 1 });
  try {
    return await fn(sql);
  } finally {
    await sql.close();
  }
}

async function bytes(stream: ReadableStream<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function streamOf(data: Uint8Array, chunk = 4096): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= data.length) return c.close();
      c.enqueue(data.subarray(at, at + chunk));
      at += chunk;
    },
  });
}

for (const f of fixtures) {
  describe(`${f.id} dump and restore`, () => {
    const engine = engineOf(f.id);
    let admin: Conn;
    let dump: Uint8Array;
    let source: unknown[];

    /** A fresh database owned by a fresh user, as the panel sets one up for an app. */
    async function freshDb(name: string): Promise<Conn> {
      await engine.createDatabase(admin, name);
      await engine.createUser(admin, `${name}_u`, "restore-password-1");
      await engine.grantAll(admin, name, `${name}_u`);
      return { ...admin, user: `${name}_u`, password: "restore-password-1", database: name };
    }

    beforeAll(async () => {
      admin = servers.get(f.id)!.conn;
      await engine.createDatabase(admin, "source");
      await withSql(f.id, { ...admin, database: "source" }, async (sql) => {
        await sql.unsafe(`CREATE TABLE notes (id INT PRIMARY KEY, body TEXT NOT NULL, note VARCHAR(20), data ${f.blobType})`);
        await sql.unsafe("CREATE TABLE audit_log (id INT PRIMARY KEY)");
        for (const row of ROWS) await sql.unsafe("INSERT INTO notes VALUES ($1, $2, $3, $4)".replace(/\$\d/g, f.id === "mariadb" ? "?" : "$&"), row);
        source = await sql.unsafe(f.select);
      });
      const { stream, done } = dumpStream({ conn: admin, database: "source", engine: f.id, excludeTables: ["audit_log"] });
      dump = await bytes(stream);
      await done;
    });

    test("a restored dump has the same rows, byte for byte, and the app's user owns them", async () => {
      expect(source).toHaveLength(3);
      const target = await freshDb("restored");
      let counted = 0;
      const format = engine.dumpFormat;
      await restoreStream({ conn: admin, database: "restored", engine: f.id, format, input: streamOf(dump), onBytes: (n) => (counted += n) });
      expect(counted).toBe(dump.length);
      // Read back as the app would, with its own account.
      expect(await withSql(f.id, target, (sql) => sql.unsafe(f.select))).toEqual(source as never);
      const tables = (await engine.listDatabases(admin)).find((d) => d.name === "restored")?.tables;
      expect(tables).toBe(1); // audit_log was excluded from the dump
    });

    test("a truncated dump is refused with the tool's own message", async () => {
      await engine.createDatabase(admin, "broken");
      const cut = dump.subarray(0, Math.floor(dump.length * 0.6));
      const err = await restoreStream({ conn: admin, database: "broken", engine: f.id, format: engine.dumpFormat, input: streamOf(cut) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({ code: "db_restore_failed" });
      expect((err as Error).message).toMatch(f.id === "mariadb" ? /^mariadb failed: ERROR \d+/ : /^pg_restore failed: .*pg_restore: error/s);
    });

    test("a failing dump errors its stream and its done promise with the tool's message", async () => {
      const { stream, done } = dumpStream({ conn: admin, database: "missing_db", engine: f.id });
      expect(await bytes(stream).catch((e: unknown) => e)).toMatchObject({ code: "db_dump_failed" });
      const err = await done.catch((e: unknown) => e);
      expect((err as Error).message).toMatch(/missing_db/);
    });
  });
}

describe("mariadb gzip'd SQL", () => {
  let server: { conn: Conn };
  beforeAll(() => {
    server = servers.get("mariadb")!;
  });

  test("a .sql.gz upload is gunzipped on the way in", async () => {
    const admin = server.conn;
    const engine = engineOf("mariadb");
    await engine.createDatabase(admin, "gz_source");
    await engine.createDatabase(admin, "gz_target");
    await withSql("mariadb", { ...admin, database: "gz_source" }, async (sql) => {
      await sql.unsafe("CREATE TABLE t (id INT PRIMARY KEY, s TEXT)");
      await sql.unsafe("INSERT INTO t VALUES (1, 'ä'), (2, NULL)");
    });
    const { stream, done } = dumpStream({ conn: admin, database: "gz_source", engine: "mariadb" });
    const gz = Bun.gzipSync(await bytes(stream));
    await done;
    let counted = 0;
    await restoreStream({ conn: admin, database: "gz_target", engine: "mariadb", format: "sql.gz", input: streamOf(gz, 100), onBytes: (n) => (counted += n) });
    expect(counted).toBe(gz.length);
    expect(await withSql("mariadb", { ...admin, database: "gz_target" }, (sql) => sql.unsafe("SELECT id, s FROM t ORDER BY id"))).toEqual([
      { id: 1, s: "ä" },
      { id: 2, s: null },
    ] as never);
  });

  test("a corrupted .sql.gz is refused and nothing half-read is taken for whole", async () => {
    const admin = server.conn;
    await engineOf("mariadb").createDatabase(admin, "gz_broken");
    const gz = Bun.gzipSync(new TextEncoder().encode("SELECT 1;\n".repeat(5000)));
    const err = await restoreStream({ conn: admin, database: "gz_broken", engine: "mariadb", format: "sql.gz", input: streamOf(gz.subarray(0, gz.length - 20)) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "db_restore_input" });
  });

  test("PostgreSQL's custom format is not something MariaDB restores", async () => {
    const err = await restoreStream({ conn: server.conn, database: "gz_target", engine: "mariadb", format: "pg-custom", input: streamOf(new Uint8Array(1)) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "restore_format_unsupported" });
  });
});
