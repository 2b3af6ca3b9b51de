// A real WordPress for end-to-end tests without any registry: Debian bookworm made with
// debootstrap and `docker import`, then Debian's own packages on it (Dockerfiles and files in
// ./wordpress-image/):
//   serverkit-test/wordpress:bookworm-1  apache2 + mod_php + Debian's wordpress, laid out like
//                                        the official image (/var/www/html, wp-config.php
//                                        reading WORDPRESS_DB_* etc. from the environment)
//   serverkit-test/mariadb:bookworm-1    mariadb-server with an entrypoint that honours
//                                        MARIADB_ROOT_PASSWORD / _DATABASE / _USER / _PASSWORD
//                                        and the official image's healthcheck.sh
// tagAsWordPressTemplate() tags them as the images templates/wordpress.yaml names, so the
// real WordPress template deploys on a machine without a registry.
// Built once and cached by tag; an image whose files changed since (a label holds their hash)
// is rebuilt. It takes minutes, so scripts/test.sh builds it before `bun test`:
//   bun test/harness/wordpress-image.ts      (prints what it built and how long it took)
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const WORDPRESS_IMAGE = "serverkit-test/wordpress:bookworm-1";
export const MARIADB_IMAGE = "serverkit-test/mariadb:bookworm-1";
// The Dockerfiles name these two in their FROM lines.
const ROOTFS_IMAGE = "serverkit-test/bookworm-rootfs:1";
const BASE_IMAGE = "serverkit-test/bookworm-base:1";
const CONTEXT = join(import.meta.dir, "wordpress-image");
const MIRROR = "http://deb.debian.org/debian";
const HASH_LABEL = "serverkit.test.hash";
const LOCK = join(tmpdir(), "serverkit-wordpress-image.lock");
/** A whole build took 25 min on a 2-core machine under a load of 20: older locks are stale. */
const LOCK_MAX_MS = 45 * 60_000;

export interface BuildReport {
  /** Milliseconds per step that actually ran (nothing when every image was cached). */
  steps: { name: string; ms: number }[];
  totalMs: number;
}

type Log = (line: string) => void;

async function run(argv: string[], o: { stdin?: ReadableStream<Uint8Array>; env?: Record<string, string> } = {}): Promise<string> {
  const proc = Bun.spawn(argv, { stdin: o.stdin ?? "ignore", stdout: "pipe", stderr: "pipe", env: { ...process.env, ...o.env } });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) throw new Error(`${argv.slice(0, 3).join(" ")} failed (exit ${code}):\n${(out + err).slice(-4000)}`);
  return out;
}

async function imageLabel(tag: string): Promise<string | null> {
  const proc = Bun.spawn(["docker", "image", "inspect", "--format", `{{index .Config.Labels "${HASH_LABEL}"}}`, tag], { stdout: "pipe", stderr: "ignore" });
  const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
  return code === 0 ? out.trim() : null;
}

/** Each image's own files; an image is stale when they, or its parent's, changed. */
const FILES = {
  base: ["base.Dockerfile"],
  wordpress: ["wordpress.Dockerfile", "wp-config.php", "apache-site.conf"],
  mariadb: ["mariadb.Dockerfile", "mariadb-entrypoint.sh", "mariadb-healthcheck.sh"],
} as const;

function filesHash(parent: string, files: readonly string[]): string {
  const h = createHash("sha256").update(parent);
  for (const name of files) h.update("\0").update(name).update("\0").update(readFileSync(join(CONTEXT, name)));
  return h.digest("hex").slice(0, 16);
}

async function importRootfs(log: Log): Promise<void> {
  if (!existsSync("/usr/sbin/debootstrap")) throw new Error("debootstrap is missing: apt-get install debootstrap (scripts/test.sh does)");
  const root = mkdtempSync(join(tmpdir(), "sk-bookworm-root-"));
  try {
    log(`debootstrap --variant=minbase bookworm ${root}`);
    await run(["debootstrap", "--variant=minbase", "bookworm", root, MIRROR]);
    const tar = Bun.spawn(["tar", "-C", root, "--numeric-owner", "-c", "."], { stdout: "pipe", stderr: "pipe" });
    await run(["docker", "import", "--change", 'CMD ["/bin/bash"]', "-", ROOTFS_IMAGE], { stdin: tar.stdout });
    if ((await tar.exited) !== 0) {
      await run(["docker", "image", "rm", ROOTFS_IMAGE]); // imported from a cut-off archive
      throw new Error(`tar of the root failed: ${await new Response(tar.stderr).text()}`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function build(dockerfile: string, tag: string, hash: string, log: Log): Promise<void> {
  log(`docker build -f ${dockerfile} -t ${tag}`);
  await run(["docker", "build", "--quiet", "--label", `${HASH_LABEL}=${hash}`, "-f", join(CONTEXT, dockerfile), "-t", tag, CONTEXT], {
    env: { DOCKER_BUILDKIT: "0" },
  });
}

/** One builder at a time across processes (a test run and a prebuild may overlap). */
async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_MAX_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock older than any build is a crashed builder's.
      const stale = existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > LOCK_MAX_MS;
      if (stale) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`${LOCK} held for ${LOCK_MAX_MS / 60_000} min`);
      await Bun.sleep(1000);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Builds what is missing or stale; returns the images' names and the time each step took. */
export async function wordpressImages(log: Log = () => {}): Promise<{ wordpress: string; mariadb: string; report: BuildReport }> {
  const started = performance.now();
  const steps: BuildReport["steps"] = [];
  const timed = async (name: string, fn: () => Promise<void>) => {
    const t = performance.now();
    await fn();
    steps.push({ name, ms: Math.round(performance.now() - t) });
  };
  const base = filesHash("", FILES.base);
  const wp = filesHash(base, FILES.wordpress);
  const db = filesHash(base, FILES.mariadb);
  const fresh = async (tag: string, hash: string) => (await imageLabel(tag)) === hash;
  if (!(await fresh(WORDPRESS_IMAGE, wp)) || !(await fresh(MARIADB_IMAGE, db))) {
    await withLock(async () => {
      if ((await imageLabel(ROOTFS_IMAGE)) === null) await timed("debootstrap + import", () => importRootfs(log));
      if (!(await fresh(BASE_IMAGE, base))) await timed("base image", () => build("base.Dockerfile", BASE_IMAGE, base, log));
      // Both mostly wait on the mirror: side by side.
      await Promise.all([
        (async () => (await fresh(WORDPRESS_IMAGE, wp)) || (await timed("wordpress image", () => build("wordpress.Dockerfile", WORDPRESS_IMAGE, wp, log))))(),
        (async () => (await fresh(MARIADB_IMAGE, db)) || (await timed("mariadb image", () => build("mariadb.Dockerfile", MARIADB_IMAGE, db, log))))(),
      ]);
    });
  }
  return { wordpress: WORDPRESS_IMAGE, mariadb: MARIADB_IMAGE, report: { steps, totalMs: Math.round(performance.now() - started) } };
}

/**
 * Tags the two images as the ones templates/wordpress.yaml names (wordpress:6-apache,
 * mariadb:11), so the real template deploys them: no registry is reached for a tag present.
 */
export async function tagAsWordPressTemplate(): Promise<{ wordpress: string; db: string }> {
  const template = Bun.YAML.parse(await Bun.file(join(import.meta.dir, "../../templates/wordpress.yaml")).text()) as {
    compose: { services: { wordpress: { image: string }; db: { image: string } } };
  };
  const names = { wordpress: template.compose.services.wordpress.image, db: template.compose.services.db.image };
  await run(["docker", "tag", WORDPRESS_IMAGE, names.wordpress]);
  await run(["docker", "tag", MARIADB_IMAGE, names.db]);
  return names;
}

if (import.meta.main) {
  const { report } = await wordpressImages((line) => console.log(`    ${line}`));
  if (report.steps.length === 0) console.log(`    ${WORDPRESS_IMAGE} and ${MARIADB_IMAGE} present`);
  for (const s of report.steps) console.log(`    ${s.name}: ${(s.ms / 1000).toFixed(1)} s`);
  if (report.steps.length > 0) console.log(`    WordPress test images built in ${(report.totalMs / 1000).toFixed(1)} s`);
  const names = await tagAsWordPressTemplate();
  console.log(`    tagged as ${names.wordpress} and ${names.db} (the wordpress template's images)`);
}
