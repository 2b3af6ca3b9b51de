// The tar scanner against archives made by the system's GNU tar in each format it writes
// (pax as backups use it, old GNU with its long-name records, ustar with its name prefix),
// fed in awkward pieces, compared with the files on disk.
import { afterAll, describe, expect, test } from "bun:test";
import { createHash, randomBytes } from "node:crypto";
import { linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TarScanner, type TarEntry } from "./tar-listing.ts";

const scratch = mkdtempSync(join(tmpdir(), "sk-tar-listing-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const root = join(scratch, "tree");
const longDir = `${"d".repeat(90)}/${"e".repeat(90)}`; // 181 bytes: past ustar's 100-byte name field
const longName = `${longDir}/${"f".repeat(80)}.txt`; // 266 bytes: past ustar's 255 with prefix too
const ustarLong = `${"u".repeat(120)}/${"v".repeat(60)}.txt`; // fits ustar's prefix + name split
mkdirSync(join(root, longDir), { recursive: true });
mkdirSync(join(root, "u".repeat(120)));
mkdirSync(join(root, "sub"));
const contents: Record<string, Uint8Array | string> = {
  "empty": "",
  "sub/small.txt": "hello\n",
  "random.bin": new Uint8Array(randomBytes(3 * 1024 * 1024 + 17)), // spans many pieces, ends mid-block
  [longName]: "deep and long\n",
  [ustarLong]: "split name\n",
  "exactly-512": "x".repeat(512), // no padding after the body
};
for (const [rel, data] of Object.entries(contents)) writeFileSync(join(root, rel), data);
linkSync(join(root, longName), join(root, "hardlink-to-long")); // link target > 100 bytes
symlinkSync("sub/small.txt", join(root, "symlink"));
const sha = (d: Uint8Array | string) => createHash("sha256").update(d).digest("hex");
const text = (b: Uint8Array) => new TextDecoder().decode(b);

function tarOf(dir: string, format: string, names = ["."]): Uint8Array {
  const r = Bun.spawnSync(["tar", "--create", "--file=-", `--format=${format}`, "--sort=name", "--numeric-owner", "--xattrs", "--directory", dir, ...names]);
  if (r.exitCode !== 0) throw new Error(r.stderr.toString());
  return new Uint8Array(r.stdout);
}

/** Feeds `bytes` in pieces of the given sizes, cycling, and returns what was reported. */
function scan(bytes: Uint8Array, pieces: number[]): { entries: TarEntry[]; complete: boolean } {
  const entries: TarEntry[] = [];
  const s = new TarScanner((e) => entries.push(e));
  for (let off = 0, i = 0; off < bytes.byteLength; i++) {
    const n = pieces[i % pieces.length]!;
    s.push(bytes.subarray(off, off + n));
    off += n;
  }
  return { entries, complete: s.complete };
}

const summary = (entries: TarEntry[]) =>
  Object.fromEntries(
    entries.map((e) => [text(e.path), e.type === "file" ? `file ${e.size} ${e.sha256}` : e.type === "hardlink" ? `hardlink -> ${text(e.link)}` : `other ${e.flag}`]),
  );

describe("TarScanner", () => {
  const expected = {
    "": "other 5",
    ...Object.fromEntries(
      Object.entries(contents)
        .map(([rel, d]) => [rel, `file ${typeof d === "string" ? Buffer.byteLength(d) : d.byteLength} ${sha(d)}`]),
    ),
    // Sorted by name, the long name comes first and carries the content; the link's target is
    // then a long name too (a pax linkpath, or a GNU "K" record).
    "hardlink-to-long": `hardlink -> ${longName}`,
    symlink: "other 2",
  };

  for (const format of ["posix", "gnu"]) {
    test(`lists files, hard links and skips the rest in a ${format} archive, however it is cut`, () => {
      const archive = tarOf(root, format);
      for (const pieces of [[archive.byteLength], [1], [7, 511, 513, 4096], [100_003]]) {
        const { entries, complete } = scan(archive, pieces);
        const got = summary(entries);
        for (const [path, what] of Object.entries(expected)) expect(got[path]).toBe(what);
        expect(complete).toBe(true);
      }
    });
  }

  test("joins ustar's prefix and name fields", () => {
    const { entries } = scan(tarOf(root, "ustar", [`./${ustarLong}`, "./sub/small.txt"]), [4096]);
    expect(summary(entries)[ustarLong]).toBe(`file 11 ${sha("split name\n")}`);
    expect(summary(entries)["sub/small.txt"]).toBe(`file 6 ${sha("hello\n")}`);
  });

  test("names that are not UTF-8 come through as their bytes", () => {
    const odd = join(scratch, "odd");
    mkdirSync(odd);
    const name = Buffer.from([0x6e, 0xff, 0xfe, 0x2e, 0x62, 0x69, 0x6e]); // "n\xff\xfe.bin"
    writeFileSync(Buffer.concat([Buffer.from(`${odd}/`), name]), "latin-1 era");
    const file = scan(tarOf(odd, "posix"), [333]).entries.find((e) => e.type === "file")!;
    expect(Buffer.from(file.path).equals(name)).toBe(true);
    expect(file.type === "file" && file.sha256).toBe(sha("latin-1 era"));
  });

  test("a stream cut before its end marker is not complete, and a damaged header is refused", () => {
    const archive = tarOf(root, "posix");
    expect(scan(archive.subarray(0, archive.byteLength - 2048 * 5), [65536]).complete).toBe(false);
    const damaged = archive.slice();
    damaged[1024 + 100]! ^= 0x01; // inside the second header (the first is the pax header of ".")
    expect(() => scan(damaged, [65536])).toThrow("bad header checksum");
  });

  test("an archive's file contents are what the files hold on disk", () => {
    const { entries } = scan(tarOf(root, "posix"), [65536]);
    const random = entries.find((e) => text(e.path) === "random.bin");
    expect(random?.type === "file" && random.sha256).toBe(sha(readFileSync(join(root, "random.bin"))));
  });
});
