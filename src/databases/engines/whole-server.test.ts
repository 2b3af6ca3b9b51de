// Engines as data, checked without a server: the command arrays the container engines run
// (MongoDB has no Debian package and there is no registry here, so these arrays are all that is
// tested of it), what Redis' INFO says, and how a drill judges what it restored.
import { describe, expect, test } from "bun:test";
import { DomainError } from "../../lib/errors.ts";
import { inContainer, insideConn } from "../dump.ts";
import { compareStats } from "../whole-backup.ts";
import { engineOf, ENGINE_IDS } from "./index.ts";
import { mongoDump, mongoEval, mongoRestore } from "./mongodb.ts";
import { parseKeyspace, redisCli } from "./redis.ts";
import { containerPath } from "./whole-server.ts";

const conn = { host: "127.0.0.1", port: 6379, user: "default", password: "s3cret p@ss" };

describe("engine descriptions", () => {
  test("every engine says what it offers; whole-server engines have no databases or users and run in containers only", () => {
    expect(ENGINE_IDS.sort()).toEqual(["mariadb", "mongodb", "mysql", "postgres", "redis"]);
    for (const id of ["redis", "mongodb"]) {
      const e = engineOf(id);
      expect(e.capabilities).toEqual({ databases: false, users: false, host: false });
      expect(e.wholeServer?.name).toBe("all");
      expect(e.link.kind).toBe("url");
    }
    expect(engineOf("redis").link).toEqual({ kind: "url", variable: "REDIS_URL" });
    expect(engineOf("mongodb").link).toEqual({ kind: "url", variable: "MONGODB_URL" });
    expect(engineOf("postgres").capabilities).toEqual({ databases: true, users: true, host: true });
    expect([engineOf("redis").partFormat, engineOf("mongodb").partFormat, engineOf("postgres").partFormat, engineOf("mysql").partFormat]).toEqual(["redis-rdb", "mongo-archive", "pg-custom", "sql.zst"]);
  });

  test("database and user operations on a whole-server engine are refused with one clear code", async () => {
    const e = engineOf("redis");
    for (const p of [e.createDatabase(conn, "shop"), e.dropDatabase(conn, "shop"), e.createUser(conn, "u", "password-1"), e.grantAll(conn, "shop", "u")]) {
      const err = await p.then(() => null, (x: unknown) => x);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe("engine_no_databases");
    }
  });

  test("MySQL in a container uses the MySQL image's tool names; MariaDB its own", () => {
    const c = { ...conn, port: 3306, user: "root" };
    expect(engineOf("mysql").dumpCommand(c, "shop", []).argv[0]).toBe("mysqldump");
    expect(engineOf("mariadb").dumpCommand(c, "shop", []).argv[0]).toBe("mariadb-dump");
  });

  test("in the server's container tools connect over loopback to the container's port, by their bare names", () => {
    expect(insideConn("postgres", { ...conn, host: "10.0.0.5", port: 18001 })).toMatchObject({ host: "127.0.0.1", port: 5432 });
    const cmd = engineOf("postgres").dumpCommand(insideConn("postgres", conn), "shop", []);
    expect(inContainer(cmd).argv[0]).toBe("pg_dump");
    expect(inContainer(cmd).argv).toContain("--format=custom");
    expect(cmd.env.PGPASSWORD).toBe(conn.password);
  });
});

describe("Redis commands", () => {
  test("the backup streams the RDB with redis-cli; the password travels in REDISCLI_AUTH, never in argv", () => {
    const cmd = engineOf("redis").wholeServer!.dumpCommand(conn);
    expect(cmd.argv).toEqual(["redis-cli", "-h", "127.0.0.1", "-p", "6379", "--no-auth-warning", "--rdb", "-"]);
    expect(cmd.env).toEqual({ REDISCLI_AUTH: conn.password });
    expect(cmd.argv.join(" ")).not.toContain("s3cret");
  });

  test("a throwaway instance is reached through its unix socket, without credentials", () => {
    expect(redisCli(conn, ["PING"], "/tmp/d/redis.sock")).toEqual({ argv: ["redis-cli", "-s", "/tmp/d/redis.sock", "--no-auth-warning", "PING"], env: {} });
  });

  test("INFO keyspace becomes keys per database", () => {
    const info = "# Keyspace\r\ndb0:keys=3000,expires=2,avg_ttl=0\r\ndb3:keys=1,expires=0,avg_ttl=0\r\n";
    expect(parseKeyspace(info)).toEqual({ db0: 3000, db3: 1 });
    expect(parseKeyspace("# Keyspace\r\n")).toEqual({});
  });

  test("REDIS_URL carries the password percent-encoded", () => {
    const url = engineOf("redis").url({ ...conn, host: "host.docker.internal", port: 18005, database: "" });
    expect(url).toBe("redis://:s3cret%20p%40ss@host.docker.internal:18005");
    expect(decodeURIComponent(new URL(url).password)).toBe(conn.password);
  });

  test("paths the server reports are checked before they reach an argv", () => {
    expect(containerPath("/data")).toBe("/data");
    for (const bad of ["data", "/data/../etc", "/data;rm", "/da ta", ""]) expect(() => containerPath(bad)).toThrow(/unexpected path/);
  });
});

describe("MongoDB commands (untested against a real server: no package, no registry)", () => {
  const m = { host: "127.0.0.1", port: 27017, user: "root", password: "pw-1" };
  test("mongodump writes one gzipped archive of every database to stdout", () => {
    expect(mongoDump(m).argv).toEqual(["mongodump", "--host", "127.0.0.1", "--port", "27017", "--username", "root", "--password", "pw-1", "--authenticationDatabase", "admin", "--archive", "--gzip", "--quiet"]);
  });

  test("mongorestore reads it from stdin and replaces what exists; the drill only dry-runs it", () => {
    expect(mongoRestore(m).argv.slice(-4)).toEqual(["--archive", "--gzip", "--drop", "--quiet"]);
    expect(mongoRestore(m, true).argv).toContain("--dryRun");
    expect(mongoRestore(m).argv).not.toContain("--dryRun");
  });

  test("mongosh evaluates our fixed script; MONGODB_URL names the admin database for authentication", () => {
    expect(mongoEval(m, "db.version()").argv.slice(0, 2)).toEqual(["mongosh", "--quiet"]);
    expect(mongoEval(m, "db.version()").argv.slice(-2)).toEqual(["--eval", "db.version()"]);
    expect(engineOf("mongodb").url({ ...m, password: "p/w", database: "" })).toBe("mongodb://root:p%2Fw@127.0.0.1:27017/?authSource=admin");
  });
});

describe("a whole-server drill's verdict", () => {
  test("same or fewer keys (TTLs expire) pass; a database gone entirely fails", () => {
    expect(compareStats({ db0: 10, db3: 1 }, { db0: 10, db3: 1 }).ok).toBe(true);
    expect(compareStats({ db0: 10 }, { db0: 8 }).ok).toBe(true);
    const gone = compareStats({ db0: 10, db3: 1 }, { db0: 10 });
    expect(gone).toMatchObject({ ok: false });
    expect(gone.detail).toContain("db3");
    expect(compareStats(null, {}).ok).toBe(true);
  });
});
