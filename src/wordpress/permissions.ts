// File-permission check of a WordPress tree: one `find ... -exec stat` in the container lists
// every file and directory (mode, owner); the rules are applied here. Symlinks are not
// followed (Debian links wp-content pieces across the tree; their targets are listed on their own).
import { execOk, type WpSite } from "./container.ts";

export interface PermissionProblem {
  path: string;
  /** Octal permission bits, e.g. "666". */
  mode: string;
  /** "www-data (33)" */
  owner: string;
  problem: string;
}

export interface PermissionReport {
  checked: number;
  problems: PermissionProblem[];
}

/** More than this many problems are not listed (a tree owned by root lists every file). */
export const MAX_PROBLEMS = 1000;

interface Entry {
  mode: number;
  uid: number;
  user: string;
  path: string;
}

/** Lines of `stat -c '%f %u %U %n'`: raw mode in hex, uid, user name, path. */
export function parseStat(out: string): Entry[] {
  const entries: Entry[] = [];
  for (const line of out.split("\n")) {
    const m = /^([0-9a-f]+) (\d+) (\S+) (.+)$/.exec(line);
    if (m) entries.push({ mode: Number.parseInt(m[1]!, 16), uid: Number(m[2]), user: m[3]!, path: m[4]! });
  }
  return entries;
}

/** The rules: world-writable, wp-config.php readable by others, not owned by the web server user. */
export function findProblems(entries: Entry[], o: { config: string | null; webUid: number }): PermissionReport {
  const severe: PermissionProblem[] = [];
  const owner: PermissionProblem[] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.path)) continue;
    seen.add(e.path);
    const base = { path: e.path, mode: (e.mode & 0o7777).toString(8), owner: `${e.user} (${e.uid})` };
    if (e.mode & 0o002) severe.push({ ...base, problem: "world-writable: any user or process on the server can change it" });
    if (e.path === o.config && e.mode & 0o004) severe.push({ ...base, problem: `${e.path.slice(e.path.lastIndexOf("/") + 1)} is readable by other users (it holds the database password and salts)` });
    if (e.uid !== o.webUid) owner.push({ ...base, problem: `not owned by the web server user (uid ${o.webUid})` });
  }
  return { checked: seen.size, problems: [...severe, ...owner].slice(0, MAX_PROBLEMS) };
}

// The web server's uid on the first line, then `stat` of everything under "$@" (links not followed).
const LIST = `id -u www-data 2>/dev/null || echo 33
find "$@" ! -type l -exec stat -c '%f %u %U %n' {} +`;

export async function checkPermissions(site: WpSite): Promise<PermissionReport> {
  const roots = [site.root, ...site.content.filter((d) => !d.startsWith(`${site.root}/`))];
  if (site.config && !roots.some((r) => site.config!.startsWith(`${r}/`))) roots.push(site.config);
  const out = await execOk(site, ["sh", "-c", LIST, "sh", ...roots], "wp_exec_failed");
  const nl = out.indexOf("\n");
  const webUid = Number(out.slice(0, nl).trim()) || 33;
  return findProblems(parseStat(out.slice(nl + 1)), { config: site.config, webUid });
}
