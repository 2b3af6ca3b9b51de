// The WordPress files live in the app's container: everything here reaches them through the
// server's Target (docker exec) with argument arrays. Where a shell is needed, the script is a
// fixed constant and every user or file value travels as a positional argument ("$1"), so no
// value is ever spliced into script text.
import type { Target } from "../docker/index.ts";
import { DomainError, invalid } from "../lib/errors.ts";
import { randomId } from "../lib/ids.ts";

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/** One running container of the app and the WordPress tree found in it. */
export interface WpSite {
  target: Target;
  container: string;
  /** The directory holding wp-load.php. */
  root: string;
  /** The file that defines DB_NAME and the salts (wp-config.php, or Debian's /etc/wordpress/config-HOST.php). */
  config: string | null;
  /** wp-content directories (Debian keeps one under /var/lib/wordpress besides the packaged one). */
  content: string[];
}

/** Where official and distribution images put WordPress, in the order they are tried. */
export const KNOWN_ROOTS = ["/var/www/html", "/usr/share/wordpress", "/var/www/wordpress", "/var/www", "/srv/www/wordpress", "/app", "/var/www/html/wordpress"];

const OUTPUT_KEEP = 8 * 1024 * 1024;
const STDIN_CHUNK = 512 * 1024;
/** A find over a large tree on a busy server still ends well within this. */
const EXEC_TIMEOUT_MS = 120_000;

/** Runs argv in the container, feeding `input` to stdin when given; never throws on a non-zero exit. */
export async function exec(target: Target, container: string, argv: string[], input?: string, signal?: AbortSignal): Promise<ExecResult> {
  const session = input === undefined ? undefined : randomId(18);
  const feed = (async () => {
    if (session === undefined || input === undefined) return;
    // Config files: one call usually carries it all; each call takes at most 1 MiB.
    const bytes = Buffer.from(input);
    for (let off = 0; ; off += STDIN_CHUNK) {
      const end = off + STDIN_CHUNK >= bytes.length;
      await target.call("containers.exec.stdin", { session, data: bytes.subarray(off, off + STDIN_CHUNK).toString("base64"), end });
      if (end) break;
    }
  })();
  feed.catch(() => undefined);
  const out = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  const size = { stdout: 0, stderr: 0 };
  let exitCode: number | null = null;
  const timeout = AbortSignal.timeout(EXEC_TIMEOUT_MS);
  try {
    for await (const c of target.stream("containers.exec", { id: container, command: argv, ...(session && { stdinSession: session }) }, signal ? AbortSignal.any([signal, timeout]) : timeout)) {
      if ("exitCode" in c) exitCode = c.exitCode;
      else if (size[c.stream] < OUTPUT_KEEP) {
        const b = Buffer.from(c.data, "base64");
        out[c.stream].push(b);
        size[c.stream] += b.length;
      }
    }
  } catch (e) {
    if (timeout.aborted) throw new DomainError("unavailable", "wp_exec_timeout", `${argv[0]} in the app's container did not finish within ${EXEC_TIMEOUT_MS / 1000} s.`);
    throw e;
  }
  await feed.catch(() => undefined);
  return { stdout: Buffer.concat(out.stdout).toString("utf8"), stderr: Buffer.concat(out.stderr).toString("utf8"), exitCode };
}

/** Like exec, but a non-zero exit is an error carrying the command's stderr. */
export async function execOk(site: Pick<WpSite, "target" | "container">, argv: string[], code: string, input?: string): Promise<string> {
  const r = await exec(site.target, site.container, argv, input);
  if (r.exitCode !== 0) {
    const why = (r.stderr || r.stdout).trim().split("\n").slice(-3).join(" ").slice(0, 500);
    throw new DomainError("unavailable", code, `${argv[0]} in the app's container failed (exit ${r.exitCode}): ${why || "no output"}`);
  }
  return r.stdout;
}

// One exec (each costs a docker round trip): for the first directory of "$@" holding
// wp-load.php, prints "root <dir>", then "config <file>" for the file defining DB_NAME (root's
// wp-config.php; Debian's is a loader without it; the one above root, where WordPress looks
// too; else Debian's per-host file), then "content <dir>" for each wp-content directory
// (Debian keeps a second one under /var/lib/wordpress; a config may name its own
// WP_CONTENT_DIR, taken when it is a plain string). Exit 3: no WordPress here.
const LOCATE = String.raw`for d in "$@"; do
  [ -f "$d/wp-load.php" ] || continue
  echo "root $d"
  cfg=
  for f in "$d/wp-config.php" "$(dirname "$d")/wp-config.php" /etc/wordpress/config-*.php; do
    if [ -f "$f" ] && grep -q DB_NAME "$f"; then cfg=$f; echo "config $f"; break; fi
  done
  own=
  [ -n "$cfg" ] && own=$(sed -n "s/^[[:space:]]*define([[:space:]]*['\"]WP_CONTENT_DIR['\"][[:space:]]*,[[:space:]]*['\"]\([^'\"]*\)['\"].*/\1/p" "$cfg" | head -n 1)
  for c in "$d/wp-content" /var/lib/wordpress/wp-content "$own"; do
    [ -d "$c" ] && echo "content $c"
  done
  exit 0
done
exit 3`;

/** The tagged lines LOCATE prints, as a site. */
export function parseLocate(out: string): Pick<WpSite, "root" | "config" | "content"> | null {
  const lines = out.split("\n").map((l) => [l.slice(0, l.indexOf(" ")), l.slice(l.indexOf(" ") + 1)] as const);
  const root = lines.find(([k]) => k === "root")?.[1];
  if (!root) return null;
  return { root, config: lines.find(([k]) => k === "config")?.[1] ?? null, content: [...new Set(lines.filter(([k]) => k === "content").map(([, v]) => v))] };
}

interface Found {
  container: string;
  service: string | null;
}

/** The app's running containers, the WordPress-looking service first. */
async function candidates(target: Target, app: string): Promise<Found[]> {
  const all = (await target.call("containers.list", { all: false })).filter((c) => c.app === app && c.state === "running");
  const score = (c: (typeof all)[number]) => (/wordpress/i.test(c.service ?? "") || /wordpress/i.test(c.image) ? 0 : /^(db|mysql|mariadb|postgres|redis)$/i.test(c.service ?? "") ? 2 : 1);
  return all.sort((a, b) => score(a) - score(b)).map((c) => ({ container: c.id, service: c.service }));
}

/** Finds WordPress in the app's containers; "not_wordpress" when none has it. */
export async function locate(target: Target, app: string): Promise<WpSite> {
  const found = await candidates(target, app);
  if (found.length === 0) throw invalid("app_not_running", `${app} has no running container; start it first.`);
  for (const f of found) {
    const r = await exec(target, f.container, ["sh", "-c", LOCATE, "sh", ...KNOWN_ROOTS]);
    const where = r.exitCode === 0 ? parseLocate(r.stdout) : null;
    if (where) return { target, container: f.container, ...where };
  }
  throw invalid("not_wordpress", `No WordPress found in ${app}'s containers (looked for wp-load.php in ${KNOWN_ROOTS.join(", ")}).`);
}

/** A small text file's content, or null when it does not exist. */
export async function readFile(site: WpSite, path: string): Promise<string | null> {
  const r = await exec(site.target, site.container, ["sh", "-c", '[ -f "$1" ] || exit 3; cat "$1"', "sh", path]);
  if (r.exitCode === 3) return null;
  if (r.exitCode !== 0) throw new DomainError("unavailable", "wp_read_failed", `Reading ${path} failed: ${r.stderr.trim().slice(0, 300)}`);
  return r.stdout;
}
