// Redis as data: a container-only engine with no databases or users to manage. The panel talks
// to it with Bun's Redis client (version, keys per database) and backs it up with its own tools
// inside its container: `redis-cli --rdb -` streams a consistent snapshot (the server forks a
// fresh RDB for it); a restore checks the file with redis-check-rdb, loads it with
// DEBUG RELOAD NOSAVE (the template allows DEBUG from local connections only) and rewrites the
// append-only file, so the next start does not bring the old data back.
import { RedisClient } from "bun";
import { connect } from "node:net";
import { DomainError, invalid } from "../../lib/errors.ts";
import { randomId } from "../../lib/ids.ts";
import type { Conn, ContainerTools, Engine, ToolCommand } from "./types.ts";
import { containerFileName, containerPath, noDatabases } from "./whole-server.ts";

/** The name a whole-server backup and its plan use. */
const WHOLE = "all";

/** redis-cli inside the container; the password goes in REDISCLI_AUTH, never in argv. */
export function redisCli(conn: Conn, args: string[], socket?: string): ToolCommand {
  const where = socket ? ["-s", socket] : ["-h", conn.host, "-p", String(conn.port)];
  return { argv: ["redis-cli", ...where, "--no-auth-warning", ...args], env: socket ? {} : { REDISCLI_AUTH: conn.password } };
}

/** `INFO keyspace` -> keys per database ("db0" -> 12); databases without keys are not listed. */
export function parseKeyspace(info: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of info.matchAll(/^(db\d+):keys=(\d+)/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

/** `CONFIG GET name` answers the name then the value, one per line. */
async function configGet(tools: ContainerTools, conn: Conn, name: string): Promise<string> {
  const lines = (await tools.run(redisCli(conn, ["CONFIG", "GET", name]))).split("\n").map((l) => l.trim());
  const value = lines[lines.indexOf(name) + 1];
  if (lines.indexOf(name) < 0 || value === undefined) throw new DomainError("unavailable", "redis_config", `Redis did not report its ${name}.`);
  return value;
}

/** redis-cli exits 0 on a server error reply; the reply text tells. */
async function expectOk(tools: ContainerTools, cmd: ToolCommand, what: string): Promise<string> {
  const out = (await tools.run(cmd)).trim();
  if (/^(ERR|WRONGPASS|NOAUTH|NOPERM)\b|^\(error\)/.test(out)) throw new DomainError("unavailable", "redis_refused", `${what}: ${out}`);
  return out;
}

/** Writes the input to a file in the container (dd: in busybox and coreutils alike). */
const writeFile = (tools: ContainerTools, path: string, input: ReadableStream<Uint8Array>) => tools.run({ argv: ["dd", `of=${path}`, "bs=65536"], env: {} }, input);

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port, timeout: 3000 }, () => (s.destroy(), resolve(true)));
    s.on("error", () => resolve(false));
    s.on("timeout", () => (s.destroy(), resolve(false)));
  });
}

async function withClient<T>(conn: Conn, fn: (c: RedisClient) => Promise<T>): Promise<T> {
  const host = conn.host.includes(":") ? `[${conn.host}]` : conn.host;
  // Credentials go in the URL: the client authenticates in its HELLO, before any command.
  const url = new URL(`redis://${host}:${conn.port}`);
  if (conn.user && conn.user !== "default") url.username = encodeURIComponent(conn.user);
  url.password = encodeURIComponent(conn.password);
  const client = new RedisClient(url.href, { connectionTimeout: 10_000, autoReconnect: false, maxRetries: 0, enableOfflineQueue: false });
  try {
    await client.connect();
    return await fn(client);
  } catch (e) {
    if (e instanceof DomainError) throw e;
    const msg = (e as Error).message;
    if (/WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(msg)) throw invalid("db_auth_failed", msg);
    // Bun's client reports a refused HELLO as a closed connection: the port answering tells them apart.
    if (await listening(conn.host, conn.port)) throw invalid("db_auth_failed", `Redis at ${conn.host}:${conn.port} refused the password (${msg}).`);
    throw new DomainError("unavailable", "db_unreachable", `Cannot reach Redis at ${conn.host}:${conn.port} (${msg}).`);
  } finally {
    client.close();
  }
}

export const redis: Engine = {
  id: "redis",
  label: "Redis",
  defaultPort: 6379,
  capabilities: { databases: false, users: false, host: false },
  link: { kind: "url", variable: "REDIS_URL" },
  partFormat: "redis-rdb",
  container: { templateId: "redis", service: "redis", image: "redis:7-alpine", containerPort: 6379, adminUser: "default", passwordVar: "PASSWORD", portVar: "PORT" },
  systemDatabases: [],
  systemUsers: ["default"],
  dumpFormat: "sql", // unused: whole-server engines dump through wholeServer
  ...noDatabases("Redis"),

  version: (conn) =>
    withClient(conn, async (c) => {
      const info = String(await c.send("INFO", ["server"]));
      const v = /^redis_version:(\S+)/m.exec(info)?.[1];
      if (!v) throw new DomainError("unavailable", "db_error", "The server did not report a Redis version.");
      return v;
    }),

  /** One entry for the whole server: keys (all databases) and memory in use. */
  listDatabases: (conn) =>
    withClient(conn, async (c) => {
      const info = String(await c.send("INFO", ["all"]));
      const keys = Object.values(parseKeyspace(info)).reduce((a, b) => a + b, 0);
      return [{ name: WHOLE, sizeBytes: Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? 0), tables: keys }];
    }),

  url(conn) {
    const host = conn.host.includes(":") && !conn.host.startsWith("[") ? `[${conn.host}]` : conn.host;
    return `redis://:${encodeURIComponent(conn.password)}@${host}:${conn.port}`;
  },

  wholeServer: {
    name: WHOLE,
    dumpCommand: (conn) => redisCli(conn, ["--rdb", "-"]),
    stats: async (tools, conn) => parseKeyspace(await tools.run(redisCli(conn, ["INFO", "keyspace"]))),

    async restore(tools, conn, input) {
      const dir = containerPath(await configGet(tools, conn, "dir"));
      const live = `${dir}/${containerFileName(await configGet(tools, conn, "dbfilename"))}`;
      const aof = (await configGet(tools, conn, "appendonly")) === "yes";
      const saves = await configGet(tools, conn, "save");
      // Written beside the live snapshot under a name of our own, checked, then renamed over it.
      const file = `${dir}/serverkit-restore-${randomId(6).replace(/[^A-Za-z0-9]/g, "x")}.rdb`;
      try {
        await writeFile(tools, file, input);
        await tools.run({ argv: ["redis-check-rdb", file], env: {} });
        // No automatic snapshot may replace the restored file between the rename and the load.
        await expectOk(tools, redisCli(conn, ["CONFIG", "SET", "save", ""]), "Pausing snapshots");
        try {
          for (let i = 0; /^rdb_bgsave_in_progress:1/m.test(await tools.run(redisCli(conn, ["INFO", "persistence"]))); i++) {
            if (i > 600) throw new DomainError("unavailable", "redis_busy", "A background save did not finish within a minute.");
            await Bun.sleep(100);
          }
          await tools.run({ argv: ["mv", "-f", file, live], env: {} });
          await expectOk(tools, redisCli(conn, ["DEBUG", "RELOAD", "NOSAVE"]), "Loading the restored data");
        } finally {
          await expectOk(tools, redisCli(conn, ["CONFIG", "SET", "save", saves]), "Resuming snapshots");
        }
        // The append-only file still holds the old data and wins at the next start: rebase it.
        if (aof) await expectOk(tools, redisCli(conn, ["BGREWRITEAOF"]), "Rewriting the append-only file");
      } finally {
        await tools.run({ argv: ["rm", "-f", file], env: {} }).catch(() => undefined);
      }
    },

    async drill(tools, _conn, input) {
      // A second, throwaway server in the same container: same binaries, unix socket only.
      const dir = `/tmp/serverkit-drill-${randomId(6).replace(/[^A-Za-z0-9]/g, "x")}`;
      const socket = `${dir}/redis.sock`;
      await tools.run({ argv: ["mkdir", "-p", dir], env: {} });
      try {
        await writeFile(tools, `${dir}/dump.rdb`, input);
        await tools.run({ argv: ["redis-check-rdb", `${dir}/dump.rdb`], env: {} });
        const start = ["redis-server", "--port", "0", "--unixsocket", socket, "--dir", dir, "--dbfilename", "dump.rdb", "--appendonly", "no", "--daemonize", "yes", "--pidfile", `${dir}/redis.pid`];
        await tools.run({ argv: start, env: {} });
        const local = (args: string[]) => redisCli({ host: "", port: 0, user: "", password: "" }, args, socket);
        const ping = local(["PING"]);
        for (let i = 0; ; i++) {
          const answer = await tools.run(ping).catch(() => "");
          if (answer.trim() === "PONG") break;
          if (i > 100) throw new DomainError("unavailable", "drill_failed", "The throwaway Redis did not start.");
          await Bun.sleep(100);
        }
        const keys = parseKeyspace(await tools.run(local(["INFO", "keyspace"])));
        await tools.run(local(["SHUTDOWN", "NOSAVE"])).catch(() => undefined);
        return keys;
      } finally {
        await tools.run({ argv: ["rm", "-rf", dir], env: {} }).catch(() => undefined);
      }
    },
  },
};
