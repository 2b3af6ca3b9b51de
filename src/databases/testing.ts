// Test support: real MariaDB and PostgreSQL servers (the Debian packages) in temp dirs, on
// random 127.0.0.1 ports, each a child process of the test so it is stopped and awaited.
// The admin account has a password over TCP, so authentication failures are testable.
import { chownSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { mariadbAdminScript, mariadbSocketSql, postgresAdminScript, postgresSocketSql } from "./discover.ts";
import type { Conn } from "./engines/types.ts";
import { generatePassword } from "./names.ts";
import { baseEnv, osUser, postgresBin, runTool } from "./tools.ts";

export interface TestMariaDb {
  /** An all-privileges admin ("admin"@"%") over TCP. */
  conn: Conn;
  socket: string;
  stop(): Promise<void>;
}

export interface TestPostgres {
  /** The superuser "postgres" over TCP (scram-sha-256). */
  conn: Conn;
  /** The unix socket directory (trust authentication there, like Debian's peer for root's tools). */
  socketDir: string;
  port: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Servers refuse to run as root: as root we run them as their Debian accounts. */
function runAs(account: string): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const ids = osUser(account);
  if (!ids) throw new Error(`OS account "${account}" is missing (install the Debian package)`);
  return ids;
}

/**
 * A server process whose stderr is drained for its whole life (a full pipe would stall it)
 * and kept (the tail) for error messages; `ready` resolves when `readyLine` shows up.
 */
function supervise(argv: string[], ids: { uid: number; gid: number } | undefined, readyLine: RegExp) {
  const proc = Bun.spawn(argv, { env: baseEnv(), stdin: "ignore", stdout: "ignore", stderr: "pipe", cwd: "/", ...ids });
  let log = "";
  const ready = new Promise<void>((resolve, reject) => {
    void (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of proc.stderr) {
        log = (log + decoder.decode(chunk, { stream: true })).slice(-16_384);
        if (readyLine.test(log)) resolve();
      }
      reject(new Error(`${argv[0]} exited before it was ready:\n${log}`));
    })();
  });
  return { proc, ready, log: () => log };
}

/** Awaits a stopping server, killing it after `ms` (a timer, not Bun.sleep: that would hold the process open). */
async function waitOrKill(proc: Subprocess, ms: number) {
  const timer = setTimeout(() => proc.kill("SIGKILL"), ms);
  await proc.exited;
  clearTimeout(timer);
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: Timer | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what()}`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Initialising a data directory (mariadb-install-db, initdb) is most of a start-up, so it is
 * done once and copied (cp -a keeps owners and modes) for every server. The template is
 * cached under the temp dir across test runs, keyed by the server binary (a package upgrade
 * makes a new one) and TEMPLATE_REV (bump it when the template's settings change); it is
 * built aside and renamed into place, so concurrent test processes never see half of one.
 */
const TEMPLATE_REV = 2;
const TEMPLATE_ROOT = join(tmpdir(), "serverkit-test-dbtemplates");

function template(name: string, serverBin: () => string, make: (dir: string) => Promise<void>): () => Promise<string> {
  let made: Promise<string> | null = null;
  return () =>
    (made ??= (async () => {
      const bin = statSync(serverBin());
      const final = join(TEMPLATE_ROOT, `${name}-r${TEMPLATE_REV}-${bin.size}-${Math.floor(bin.mtimeMs)}`);
      if (!existsSync(final)) {
        mkdirSync(TEMPLATE_ROOT, { recursive: true, mode: 0o755 });
        const dir = mkdtempSync(join(TEMPLATE_ROOT, `${name}-building-`));
        try {
          await make(dir);
          renameSync(dir, final);
        } catch (e) {
          rmSync(dir, { recursive: true, force: true });
          if (!existsSync(final)) throw e; // else another process won the race: use theirs
        }
      }
      return join(final, "data");
    })().catch((e) => {
      made = null;
      throw e;
    }));
}

// Small buffers and logs: the server starts in a fraction of a second this way. The
// InnoDB settings must be the same for the template and the servers made from it.
const mariadbCnf = (dir: string, asMysql: boolean, server = "") => `[mysqld]
datadir=${dir}/data
${asMysql ? "user=mysql" : ""}
skip-log-bin
performance-schema=OFF
innodb-buffer-pool-size=16M
innodb-log-file-size=2M
innodb-data-file-path=ibdata1:4M:autoextend
innodb-flush-log-at-trx-commit=0
innodb-doublewrite=0
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
${server}`;

const mariadbTemplate = template("mariadb", () => "/usr/sbin/mariadbd", async (dir) => {
  const ids = runAs("mysql");
  if (ids) chownSync(dir, ids.uid, ids.gid);
  writeFileSync(join(dir, "my.cnf"), mariadbCnf(dir, !!ids));
  // root logs in through the unix socket only (as on Debian); the TCP admin is made per server.
  await runTool(["mariadb-install-db", `--defaults-file=${join(dir, "my.cnf")}`, "--auth-root-authentication-method=socket", "--skip-test-db"], { cwd: "/" });
});

const postgresTemplate = template("postgres", () => postgresBin("postgres"), async (dir) => {
  const ids = runAs("postgres");
  if (ids) chownSync(dir, ids.uid, ids.gid);
  // The superuser's password is set per server (over the trusted socket), never baked in.
  await runTool(
    [postgresBin("initdb"), "-D", join(dir, "data"), "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions", "--wal-segsize=1"],
    { ...ids, cwd: "/" },
  );
});

async function startSupervised(argv: string[], ids: { uid: number; gid: number } | undefined, readyLine: RegExp) {
  const server = supervise(argv, ids, readyLine);
  await withTimeout(server.ready, 10_000, server.log).catch(async (e) => {
    server.proc.kill("SIGKILL");
    await server.proc.exited;
    throw e;
  });
  return server.proc;
}

export async function startMariaDb(): Promise<TestMariaDb> {
  const ids = runAs("mysql");
  const dir = mkdtempSync(join(tmpdir(), "sk-mariadb-"));
  try {
    await runTool(["cp", "-a", await mariadbTemplate(), join(dir, "data")]);
    if (ids) chownSync(dir, ids.uid, ids.gid);
    const port = await freePort();
    const socket = join(dir, "mysqld.sock");
    const cnf = join(dir, "my.cnf");
    writeFileSync(cnf, mariadbCnf(dir, !!ids, `socket=${socket}\nport=${port}\nbind-address=127.0.0.1\npid-file=${dir}/mysqld.pid\n`));
    // Started as root, mariadbd switches to the mysql account itself (user= in my.cnf).
    const proc = await startSupervised(["/usr/sbin/mariadbd", `--defaults-file=${cnf}`], undefined, /ready for connections/);
    const password = generatePassword();
    await mariadbSocketSql(socket, mariadbAdminScript("admin", password, ["%"]));
    return {
      conn: { host: "127.0.0.1", port, user: "admin", password },
      socket,
      async stop() {
        proc.kill("SIGTERM"); // a clean shutdown
        await waitOrKill(proc, 10_000);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

export async function startPostgres(): Promise<TestPostgres> {
  const ids = runAs("postgres");
  const dir = mkdtempSync(join(tmpdir(), "sk-pg-"));
  try {
    await runTool(["cp", "-a", await postgresTemplate(), join(dir, "data")]);
    if (ids) chownSync(dir, ids.uid, ids.gid);
    const port = await freePort();
    // Durability is irrelevant for a test server; skipping fsync makes everything faster.
    const opts = ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "shared_buffers=16MB", "-c", "max_connections=60"];
    const proc = await startSupervised([postgresBin("postgres"), "-D", join(dir, "data"), "-p", String(port), "-k", dir, ...opts], ids, /ready to accept connections/);
    const password = generatePassword();
    await postgresSocketSql(dir, port, "postgres", postgresAdminScript("postgres", password));
    return {
      conn: { host: "127.0.0.1", port, user: "postgres", password },
      socketDir: dir,
      port,
      async stop() {
        proc.kill("SIGINT"); // "fast" shutdown: SIGTERM would wait for clients to leave
        await waitOrKill(proc, 10_000);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * One server per engine shared by every test file of a process that holds a reference:
 * `stop()` releases the reference, the last one stops the server.
 */
function shared<T extends { stop(): Promise<void> }>(start: () => Promise<T>): () => Promise<T> {
  let instance: Promise<T> | null = null;
  let refs = 0;
  return async () => {
    refs++;
    instance ??= start().catch((e) => {
      instance = null;
      throw e;
    });
    let server: T;
    try {
      server = await instance;
    } catch (e) {
      refs--;
      throw e;
    }
    let released = false;
    return {
      ...server,
      async stop() {
        if (released) return;
        released = true;
        if (--refs === 0) {
          instance = null;
          await server.stop();
        }
      },
    };
  };
}

export const sharedMariaDb = shared(startMariaDb);
export const sharedPostgres = shared(startPostgres);
