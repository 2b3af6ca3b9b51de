// The helper path (tar | serverkit __seal-part straight into the part file) against the
// streamed path, and how it fails: a full disk, an abort, a panel that dies under it.
import { afterAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DomainError } from "../lib/errors.ts";
import { extractTo } from "./archive.ts";
import { linesOf } from "./file-listing.ts";
import { verifyManifest } from "./manifest.ts";
import { deriveBackupKey, openStream } from "./sealed-stream.ts";
import { volumePart } from "./sources.ts";
import { openStorage } from "./storage/index.ts";
import type { BackupStorage } from "./storage/types.ts";
import { buildAwkwardTree, describeTree } from "./testing-tree.ts";
import { writeBackup, type WriteContext } from "./writer.ts";

const scratch = mkdtempSync(join(tmpdir(), "sk-archive-sealed-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const source = join(scratch, "source");
mkdirSync(source);
buildAwkwardTree(source);
const key = deriveBackupKey(new Uint8Array(randomBytes(32)));
const local = openStorage({ kind: "local", path: join(scratch, "store") });

/** The same folder without putFromFd: what S3 storage is to the writer, so it streams. */
function streamedOnly(s: BackupStorage): BackupStorage {
  return { kind: s.kind, label: s.label, test: () => s.test(), put: (k, b, o) => s.put(k, b, o), get: (k) => s.get(k), stat: (k) => s.stat(k), list: (p) => s.list(p), delete: (k) => s.delete(k), deletePrefix: (p) => s.deletePrefix(p) };
}

function ctx(storage: BackupStorage, id: string, signal = new AbortController().signal) {
  const log: string[] = [];
  const c: WriteContext = { storage, key, backupId: id, prefix: `p/${id}`, app: null, signal, log: (l) => log.push(l), progress: () => {} };
  return { c, log };
}

/** The sealed part and its listing, opened: the extracted tree and the listing's lines. */
async function unpack(id: string) {
  const part = verifyManifest(key, readFileSync(join(scratch, "store", `p/${id}/manifest.json`), "utf8")).parts[0]!;
  const open = (file: string) => Bun.file(join(scratch, "store", `p/${id}/${file}`)).stream().pipeThrough(openStream(key, `${id}/${file}`));
  const out = join(scratch, `unpacked-${id}`);
  mkdirSync(out);
  await extractTo(out, open(part.file));
  const lines: string[] = [];
  for await (const line of linesOf(open(part.files!.file))) lines.push(line);
  return { tree: describeTree(out), lines: lines.sort(), count: part.files!.count };
}

/** Sealing helpers that `pid` started and that are still there. */
function helpersOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid && readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("__seal-part")) found.push(Number(entry));
    } catch {
      // gone while we looked
    }
  }
  return found;
}

/** A file of `gib` GiB that costs no disk (sparse): tar reads it all, slowly enough to interrupt. */
function bigSparseDir(name: string, gib: number): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "big.img"), "");
  truncateSync(join(dir, "big.img"), gib * 1024 ** 3);
  return dir;
}

describe("backing up a folder through the sealing helper", () => {
  test("gives the same tree and the same listing as the streamed path, and says it used the helper", async () => {
    const fast = ctx(local, "native");
    await writeBackup(fast.c, [volumePart("data", source)]);
    expect(fast.log.join("\n")).toContain("listed, compressed and sealed by the helper process");
    const slow = ctx(streamedOnly(local), "streamed");
    await writeBackup(slow.c, [volumePart("data", source)]);
    expect(slow.log.join("\n")).not.toContain("helper");
    const [a, b] = [await unpack("native"), await unpack("streamed")];
    expect(a.tree).toEqual(describeTree(source));
    expect(a.tree).toEqual(b.tree);
    expect(a.lines).toEqual(b.lines);
    expect(a.count).toBe(b.count);
    expect(a.count).toBeGreaterThan(10);
  });

  test("a full disk fails the backup as storage_not_writable and leaves no partial file", async () => {
    const mnt = join(scratch, "tiny");
    mkdirSync(mnt);
    Bun.spawnSync(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt]);
    try {
      const { c } = ctx(openStorage({ kind: "local", path: mnt }), "full");
      const err = (await writeBackup(c, [volumePart("data", source)]).catch((e: unknown) => e)) as DomainError;
      expect(err.code).toBe("storage_not_writable");
      expect(err.message).toContain("the disk is full");
      expect(readdirSync(mnt, { recursive: true })).toEqual([]);
      expect(helpersOf(process.pid)).toEqual([]);
    } finally {
      Bun.spawnSync(["umount", "-l", mnt]);
    }
  });

  test("an abort stops tar and the helper at once and removes the partial file", async () => {
    const dir = bigSparseDir("abort-src", 64);
    const abort = new AbortController();
    const { c } = ctx(local, "aborted", abort.signal);
    const started = performance.now();
    const running = writeBackup(c, [volumePart("data", dir)]).catch((e: unknown) => e);
    while (helpersOf(process.pid).length === 0 && performance.now() - started < 10_000) await Bun.sleep(20);
    expect(helpersOf(process.pid).length).toBe(1);
    await Bun.sleep(300);
    abort.abort();
    expect(((await running) as DomainError).code).toBe("backup_cancelled");
    expect(performance.now() - started).toBeLessThan(20_000); // 64 GiB would take far longer
    expect(existsSync(join(scratch, "store", "p/aborted"))).toBe(false);
    expect(helpersOf(process.pid)).toEqual([]);
  });

  test("the helper dies with the process that started it (a SIGKILLed panel leaves nothing writing)", async () => {
    const dir = bigSparseDir("orphan-src", 64);
    const out = join(scratch, "orphan.sealed");
    const script = join(scratch, "panel.ts");
    writeFileSync(
      script,
      `import { archiveDirSealed } from ${JSON.stringify(join(import.meta.dir, "archive.ts"))};
       import { openSync } from "node:fs";
       await archiveDirSealed(${JSON.stringify(dir)}, openSync(${JSON.stringify(out)}, "w"), { key: new Uint8Array(32), partId: "x", listing: ${JSON.stringify(join(scratch, "orphan.jsonl"))} });`,
    );
    const panel = Bun.spawn([process.execPath, script], { stdio: ["ignore", "ignore", "inherit"] });
    const started = performance.now();
    let helpers: number[] = [];
    while (helpers.length === 0 && performance.now() - started < 10_000) {
      await Bun.sleep(20);
      helpers = helpersOf(panel.pid);
    }
    expect(helpers.length).toBe(1);
    panel.kill("SIGKILL");
    await panel.exited;
    const gone = performance.now();
    // Dead is gone or a zombie waiting for init to reap it.
    const state = (pid: number) => (existsSync(`/proc/${pid}`) ? (readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] ?? "?") : "gone");
    while (helpers.some((p) => !["gone", "Z"].includes(state(p))) && performance.now() - gone < 5_000) await Bun.sleep(20);
    expect(helpers.map(state).map((st) => ["gone", "Z"].includes(st))).toEqual([true]);
    const size = Bun.file(out).size;
    await Bun.sleep(300);
    expect(Bun.file(out).size).toBe(size); // nothing writes to it any more
    closeSync(openSync(out, "r"));
  });
});
