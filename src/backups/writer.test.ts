// writeBackup as a backup job runs it, into a local folder: a volume part sealed with its
// per-file listing beside it, and the drill's check of an unpacked tree against that listing.
import { afterAll, describe, expect, test } from "bun:test";
import { createHash, randomBytes } from "node:crypto";
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DomainError } from "../lib/errors.ts";
import { extractTo } from "./archive.ts";
import { checkListedFiles } from "./file-check.ts";
import { linesOf, parseListingLine } from "./file-listing.ts";
import { sha256OfStream } from "./hashing.ts";
import { verifyManifest } from "./manifest.ts";
import { deriveBackupKey, openStream } from "./sealed-stream.ts";
import { volumePart } from "./sources.ts";
import { openStorage } from "./storage/index.ts";
import { buildAwkwardTree } from "./testing-tree.ts";
import { writeBackup } from "./writer.ts";

const scratch = mkdtempSync(join(tmpdir(), "sk-writer-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const source = join(scratch, "source");
mkdirSync(source);
buildAwkwardTree(source);
const key = deriveBackupKey(new Uint8Array(randomBytes(32)));
const storage = openStorage({ kind: "local", path: join(scratch, "store") });
const ctx = (id: string) => ({ storage, key, backupId: id, prefix: `p/${id}`, app: null, signal: new AbortController().signal, log: () => {}, progress: () => {} });
const sealedFile = async (k: string) => Bun.file(join(scratch, "store", k));

describe("writeBackup with a volume part", () => {
  let manifestText: string;

  test("stores the sealed part, its sealed file listing and a signed manifest recording both", async () => {
    const { manifest } = await writeBackup(ctx("b1"), [volumePart("data", source)]);
    manifestText = await (await sealedFile("p/b1/manifest.json")).text();
    const part = verifyManifest(key, manifestText).parts[0]!;
    expect(part).toMatchObject({ file: "001-volume.tar.zst.sealed", files: { file: "001-volume.files.jsonl.sealed" } });
    expect(manifest.parts[0]).toEqual(part);
    for (const [file, want] of [[part.file, part], [part.files!.file, part.files!]] as const) {
      expect(await sha256OfStream((await sealedFile(`p/b1/${file}`)).stream())).toEqual({ sha256: want.sha256, bytes: want.bytes });
    }
  });

  test("the listing names every regular file with its size and sha256, and hard links by their target", async () => {
    const part = verifyManifest(key, manifestText).parts[0]!;
    const plain = (await sealedFile(`p/b1/${part.files!.file}`)).stream().pipeThrough(openStream(key, `b1/${part.files!.file}`));
    const lines: Record<string, string> = {};
    for await (const line of linesOf(plain)) {
      const e = parseListingLine(line);
      lines[new TextDecoder().decode(e.path)] = "link" in e ? `-> ${new TextDecoder().decode(e.link)}` : `${e.size} ${e.sha256}`;
    }
    const sha = (rel: string) => createHash("sha256").update(readFileSync(join(source, rel))).digest("hex");
    expect(lines["random.bin"]).toBe(`${3 * 1024 * 1024 + 17} ${sha("random.bin")}`);
    expect(lines["empty-file"]).toBe(`0 ${sha("empty-file")}`);
    expect(lines["line\nbreak"]).toBe(`19 ${sha("line\nbreak")}`);
    expect(lines["ünïcødé ☃.txt"]).toBe(`10 ${sha("ünïcødé ☃.txt")}`);
    // One of the two hard-linked names holds the content, the other points at it.
    const content = `18 ${sha("run.sh")}`;
    const pair = { "run.sh": lines["run.sh"], "hardlink-to-run.sh": lines["hardlink-to-run.sh"] };
    expect(pair).toEqual(pair["run.sh"] === content ? { "run.sh": content, "hardlink-to-run.sh": "-> run.sh" } : { "run.sh": "-> hardlink-to-run.sh", "hardlink-to-run.sh": content });
    // Symlinks, the FIFO and folders are not regular files.
    for (const other of ["link-relative", "fifo", "a", "empty-dir"]) expect(lines[other]).toBeUndefined();
    expect(Object.keys(lines).length).toBe(part.files!.count);
  });

  test("an unpacked copy passes the listing check; a changed byte, a missing file or a broken hard link fail it by name", async () => {
    const part = verifyManifest(key, manifestText).parts[0]!;
    const listing = async () => (await sealedFile(`p/b1/${part.files!.file}`)).stream().pipeThrough(openStream(key, `b1/${part.files!.file}`));
    const out = join(scratch, "unpacked");
    mkdirSync(out);
    await extractTo(out, (await sealedFile(`p/b1/${part.file}`)).stream().pipeThrough(openStream(key, part.id)));
    const good = await checkListedFiles(out, await listing());
    expect(good).toEqual({ checked: part.files!.count, failed: 0, problems: [] });

    appendFileSync(join(out, "name with spaces.txt"), "!"); // size differs
    const bytes = readFileSync(join(out, "random.bin"));
    bytes[12345]! ^= 1; // same size, other content
    await Bun.write(join(out, "random.bin"), bytes);
    rmSync(join(out, "a/b/c/deep.txt"));
    rmSync(join(out, "hardlink-to-run.sh"));
    Bun.spawnSync(["cp", join(out, "run.sh"), join(out, "hardlink-to-run.sh")]); // same bytes, not the same inode
    const bad = await checkListedFiles(out, await listing());
    expect(bad.failed).toBe(4);
    const text = bad.problems.join("\n");
    expect(text).toContain('"name with spaces.txt": size 7 bytes, listed 6');
    expect(text).toMatch(/"random\.bin": sha256 [0-9a-f]{12}… differs from the listed/);
    expect(text).toContain('"a/b/c/deep.txt": is missing');
    expect(text).toMatch(/"(hardlink-to-)?run\.sh": is not a hard link/);
  });

  test("without a listing (bench's fast path) the part is the same archive and the manifest has no files entry", async () => {
    await writeBackup(ctx("b2"), [volumePart("data", source, { listFiles: false })]);
    const part = verifyManifest(key, await (await sealedFile("p/b2/manifest.json")).text()).parts[0]!;
    expect(part.files).toBeUndefined();
    const out = join(scratch, "unpacked-fast");
    mkdirSync(out);
    await extractTo(out, (await sealedFile(`p/b2/${part.file}`)).stream().pipeThrough(openStream(key, part.id)));
    expect(readFileSync(join(out, "random.bin")).equals(readFileSync(join(source, "random.bin")))).toBe(true);
  });

  test("a part whose archive fails leaves nothing in storage and no listing behind", async () => {
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith("sk-listing-")).length;
    const err = await writeBackup(ctx("b3"), [volumePart("data", join(scratch, "missing"))]).catch((e: unknown) => e);
    expect((err as DomainError).code).toBe("backup_archive_failed");
    expect((err as DomainError).message).toContain("No such file or directory");
    expect(await storage.list("p/b3")).toEqual([]);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith("sk-listing-")).length).toBeLessThanOrEqual(before);
  });
});
