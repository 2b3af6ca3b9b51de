// Test support for container database servers without a registry: an image made with
// `docker import` from the host's Debian redis-server package (the binaries, the libraries ldd
// names, and a static busybox for the few file tools the engine uses in the container), tagged
// as the image the Redis template names so the real template deploys it. PostgreSQL likewise
// from the host's postgresql-15 (server, client tools, share files, zoneinfo) with a small
// entrypoint doing what the official image's does with POSTGRES_USER/PASSWORD/DB. Built once,
// cached by tag.
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { dockerCli } from "../../test/harness/docker.ts";
import { postgres } from "./engines/postgres.ts";
import { redis } from "./engines/redis.ts";

/** Bumped when the image's content changes, so a cached older build is not reused. */
const BUILD_TAG = "serverkit-test/redis:debian-2";

async function sh(argv: string[]): Promise<string> {
  const p = Bun.spawn(argv, { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  if (code !== 0) throw new Error(`${argv.join(" ")} failed: ${err}`);
  return out;
}

async function hasImage(tag: string): Promise<boolean> {
  return (await dockerCli(["image", "inspect", tag])).exitCode === 0;
}

/** Copies `path` (following symlinks for the content) into the root, at the same path. */
function put(root: string, path: string): void {
  const dest = join(root, path);
  if (existsSync(dest)) return;
  mkdirSync(dirname(dest), { recursive: true });
  copyFileSync(path, dest);
  chmodSync(dest, 0o755);
}

/** Builds (or finds) the Redis image and tags it as the template's image; returns that name. */
export async function redisTestImage(): Promise<string> {
  const target = redis.container.image;
  if (!(await hasImage(BUILD_TAG))) {
    for (const bin of ["/usr/bin/redis-check-rdb", "/usr/bin/redis-cli", "/bin/busybox"]) {
      if (!existsSync(bin)) throw new Error(`${bin} is missing: install redis-server, redis-tools and busybox-static`);
    }
    const root = mkdtempSync(join(tmpdir(), "sk-redis-root-"));
    try {
      for (const bin of ["/usr/bin/redis-check-rdb", "/usr/bin/redis-cli"]) {
        put(root, bin);
        for (const m of (await sh(["ldd", bin])).matchAll(/(\/\S+\.so[.\d]*)/g)) put(root, m[1]!);
      }
      // redis-server is redis-check-rdb under another name (it looks at argv[0]).
      symlinkSync(readlinkSync("/usr/bin/redis-server"), join(root, "usr/bin/redis-server"));
      put(root, "/bin/busybox");
      for (const tool of ["sh", "dd", "rm", "mv", "mkdir", "cat", "ls", "sleep"]) symlinkSync("busybox", join(root, "bin", tool));
      for (const dir of ["data", "tmp", "etc"]) mkdirSync(join(root, dir), { recursive: true });
      chmodSync(join(root, "tmp"), 0o1777);
      await Bun.write(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
      const tar = Bun.spawn(["tar", "-C", root, "-c", "."], { stdout: "pipe" });
      const imp = Bun.spawn(["docker", "import", "--change", "ENV PATH=/usr/bin:/bin", "--change", "WORKDIR /data", "-", BUILD_TAG], { stdin: tar.stdout, stdout: "pipe", stderr: "pipe" });
      const [code, err] = await Promise.all([imp.exited, new Response(imp.stderr).text()]);
      if (code !== 0) throw new Error(`docker import failed: ${err}`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  const tagged = await dockerCli(["tag", BUILD_TAG, target]);
  if (tagged.exitCode !== 0) throw new Error(`docker tag failed: ${tagged.stderr}`);
  return target;
}

/** What the official postgres image's entrypoint does with POSTGRES_*, for the test image (a fixed script). */
const PG_ENTRYPOINT = `#!/bin/sh
set -e
PGDATA=/var/lib/postgresql/data
as_pg() { su postgres -s /bin/sh -c "$1"; }
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA" && chown postgres:postgres "$PGDATA" && chmod 700 "$PGDATA"
  printf '%s' "$POSTGRES_PASSWORD" > /tmp/pw && chown postgres /tmp/pw
  as_pg "initdb -D $PGDATA -U $POSTGRES_USER --pwfile=/tmp/pw -E UTF8 --no-locale -A scram-sha-256 --auth-local=trust" >/dev/null
  rm -f /tmp/pw
  echo "listen_addresses='*'" >> "$PGDATA/postgresql.conf"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  if [ "$POSTGRES_DB" != "postgres" ]; then
    as_pg "pg_ctl -D $PGDATA -w -o '-c listen_addresses=' start" >/dev/null
    as_pg "psql -U $POSTGRES_USER -d postgres -c 'CREATE DATABASE $POSTGRES_DB'" >/dev/null
    as_pg "pg_ctl -D $PGDATA -m fast -w stop" >/dev/null
  fi
fi
exec su postgres -s /bin/sh -c "exec postgres -D $PGDATA"
`;

/** Builds (or finds) a PostgreSQL 15 image from the host's packages, tagged as the template's image. */
export async function postgresTestImage(): Promise<string> {
  const tag = "serverkit-test/postgres:debian-3";
  const bin = "/usr/lib/postgresql/15/bin";
  if (!(await hasImage(tag))) {
    if (!existsSync(`${bin}/postgres`)) throw new Error("PostgreSQL 15 is not installed on this host");
    const root = mkdtempSync(join(tmpdir(), "sk-pg-root-"));
    try {
      for (const tool of ["postgres", "initdb", "pg_ctl", "psql", "pg_dump", "pg_restore", "pg_isready"]) {
        put(root, `${bin}/${tool}`);
        for (const m of (await sh(["ldd", `${bin}/${tool}`])).matchAll(/(\/\S+\.so[.\d]*)/g)) put(root, m[1]!);
        mkdirSync(join(root, "usr/bin"), { recursive: true });
        symlinkSync(`${bin}/${tool}`, join(root, "usr/bin", tool));
      }
      mkdirSync(join(root, "usr/share"), { recursive: true });
      await sh(["cp", "-a", "/usr/share/postgresql", join(root, "usr/share/")]);
      await sh(["cp", "-a", "/usr/share/zoneinfo", join(root, "usr/share/")]);
      await sh(["sh", "-c", `cp -a ${bin}/../lib ${join(root, "usr/lib/postgresql/15/")} 2>/dev/null || true`]);
      put(root, "/bin/busybox");
      for (const tool of ["sh", "su", "chown", "chmod", "mkdir", "rm", "cat", "printf", "echo", "sleep", "dd", "mv", "ls"]) symlinkSync("busybox", join(root, "bin", tool));
      for (const dir of ["tmp", "etc", "var/lib/postgresql", "var/run/postgresql"]) mkdirSync(join(root, dir), { recursive: true });
      chmodSync(join(root, "tmp"), 0o1777);
      await Bun.write(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\npostgres:x:999:999:postgres:/var/lib/postgresql:/bin/sh\n");
      await Bun.write(join(root, "etc/group"), "root:x:0:\npostgres:x:999:\n");
      await Bun.write(join(root, "docker-entrypoint.sh"), PG_ENTRYPOINT);
      chmodSync(join(root, "docker-entrypoint.sh"), 0o755);
      await sh(["chown", "-R", "999:999", join(root, "var/lib/postgresql"), join(root, "var/run/postgresql")]);
      const tar = Bun.spawn(["tar", "-C", root, "--numeric-owner", "-c", "."], { stdout: "pipe" });
      const changes = ["ENV PATH=/usr/bin:/bin", 'ENTRYPOINT ["/docker-entrypoint.sh"]'].flatMap((c) => ["--change", c]);
      const imp = Bun.spawn(["docker", "import", ...changes, "-", tag], { stdin: tar.stdout, stdout: "pipe", stderr: "pipe" });
      const [code, err] = await Promise.all([imp.exited, new Response(imp.stderr).text()]);
      if (code !== 0) throw new Error(`docker import failed: ${err}`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  const tagged = await dockerCli(["tag", tag, postgres.container.image]);
  if (tagged.exitCode !== 0) throw new Error(`docker tag failed: ${tagged.stderr}`);
  return postgres.container.image;
}
