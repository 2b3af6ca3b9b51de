// Test helpers: a directory tree with everything an archive has to carry over (owners, modes,
// symlinks, hard links, a FIFO, empty and read-only directories, awkward names), and a
// description of a tree precise enough that two equal descriptions mean equal trees.
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, chownSync, lchownSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Fills `root` (which must exist) with the awkward tree. Needs root for the ownership parts. */
export function buildAwkwardTree(root: string): void {
  const w = (rel: string, data: string | Uint8Array, mode = 0o644) => {
    writeFileSync(join(root, rel), data);
    chmodSync(join(root, rel), mode);
  };
  mkdirSync(join(root, "a/b/c"), { recursive: true });
  w("a/b/c/deep.txt", "deep\n");
  w("secret.env", "KEY=value\n", 0o600);
  w("run.sh", "#!/bin/sh\necho hi\n", 0o755);
  w("setuid-bin", "x", 0o4755);
  w("random.bin", new Uint8Array(randomBytes(3 * 1024 * 1024 + 17)));
  w("empty-file", "");
  w("name with spaces.txt", "spaces");
  w("line\nbreak", "newline in the name");
  w("-rf", "a name that looks like an option");
  w("ünïcødé ☃.txt", "utf-8 name");
  mkdirSync(join(root, "empty-dir"));
  mkdirSync(join(root, "read-only"));
  w("read-only/inside.txt", "inside a 0555 dir");
  chmodSync(join(root, "read-only"), 0o555);
  symlinkSync("a/b/c/deep.txt", join(root, "link-relative"));
  symlinkSync("/etc/hostname", join(root, "link-absolute"));
  symlinkSync("does/not/exist", join(root, "link-dangling"));
  linkSync(join(root, "run.sh"), join(root, "hardlink-to-run.sh"));
  const fifo = Bun.spawnSync(["mkfifo", "-m", "0640", join(root, "fifo")]);
  if (fifo.exitCode !== 0) throw new Error(`mkfifo failed: ${fifo.stderr.toString()}`);
  // Container uids that exist nowhere in this host's /etc/passwd.
  chownSync(join(root, "secret.env"), 999, 999);
  chownSync(join(root, "a"), 1234, 5678);
  lchownSync(join(root, "link-relative"), 4321, 8765);
  utimesSync(join(root, "name with spaces.txt"), new Date("2001-02-03T04:05:06Z"), new Date("2001-02-03T04:05:06Z"));
}

/** One line per entry: path, type, mode, owner, mtime, and content hash / link target / hard-link group. */
export function describeTree(root: string): string[] {
  const lines: string[] = [];
  const inodes = new Map<number, string>();
  const walk = (rel: string) => {
    const path = join(root, rel);
    const st = lstatSync(path);
    const head = `${JSON.stringify(rel)} mode=${(st.mode & 0o7777).toString(8)} owner=${st.uid}:${st.gid}`;
    if (st.isDirectory()) {
      lines.push(`${head} dir mtime=${Math.floor(st.mtimeMs / 1000)}`);
      for (const name of readdirSync(path).sort()) walk(rel === "." ? name : `${rel}/${name}`);
    } else if (st.isSymbolicLink()) {
      lines.push(`${head} symlink -> ${readlinkSync(path)}`);
    } else if (st.isFIFO()) {
      lines.push(`${head} fifo`);
    } else {
      // Hard links are named by the first path seen with the inode, so the groups compare across trees.
      const first = inodes.get(st.ino) ?? rel;
      inodes.set(st.ino, first);
      const sha = createHash("sha256").update(readFileSync(path)).digest("hex");
      lines.push(`${head} file size=${st.size} mtime=${Math.floor(st.mtimeMs / 1000)} sha256=${sha} inode-of=${JSON.stringify(first)}`);
    }
  };
  walk(".");
  return lines;
}
