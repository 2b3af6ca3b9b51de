import { afterAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DomainError } from "../lib/errors.ts";
import { archiveDir, compressStream, decompressStream, extractTo } from "./archive.ts";
import { buildAwkwardTree, describeTree } from "./testing-tree.ts";

const scratch = mkdtempSync(join(tmpdir(), "sk-archive-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
const freshDir = () => {
  const dir = join(scratch, `d${n++}`);
  mkdirSync(dir);
  return dir;
};

const source = freshDir();
buildAwkwardTree(source);

const collect = async (s: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(s).arrayBuffer());
const streamOf = (bytes: Uint8Array) => new Blob([bytes]).stream();

async function rejection(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

describe("archiveDir / extractTo", () => {
  test("a tree comes back identical: contents, modes, numeric owners, symlinks, hard links, FIFO, odd names", async () => {
    const { stream, done } = archiveDir(source);
    const archived = await collect(stream);
    await done;
    // zstd's magic number: it really is compressed
    expect([...archived.subarray(0, 4)]).toEqual([0x28, 0xb5, 0x2f, 0xfd]);

    const target = freshDir();
    await extractTo(target, streamOf(archived));
    const want = describeTree(source);
    expect(describeTree(target)).toEqual(want);
    // the comparison really covered the awkward entries
    const text = want.join("\n");
    for (const s of ['"line\\nbreak"', '"-rf"', "owner=999:999", "owner=1234:5678", "mode=4755", "mode=555", "symlink -> does/not/exist", "fifo", '"empty-dir" mode=755']) {
      expect(text).toContain(s);
    }
  });

  test("a damaged zstd stream is refused with zstd's own message", async () => {
    const { stream, done } = archiveDir(source);
    const archived = await collect(stream);
    await done;
    archived[Math.floor(archived.byteLength / 2)]! ^= 0xff;
    const err = await rejection(extractTo(freshDir(), streamOf(archived)));
    expect(err.code).toBe("backup_extract_failed");
    expect(err.message).toStartWith("zstd failed:");
    expect(err.message).toMatch(/checksum|corrupt|error/i);
  });

  test("something that is not zstd at all is refused", async () => {
    const err = await rejection(extractTo(freshDir(), streamOf(new TextEncoder().encode("plain text, not an archive"))));
    expect(err.message).toContain("zstd failed:");
    expect(err.message).toContain("unsupported format");
  });

  test("a zstd stream cut short is refused", async () => {
    const { stream, done } = archiveDir(source);
    const archived = await collect(stream);
    await done;
    const err = await rejection(extractTo(freshDir(), streamOf(archived.subarray(0, archived.byteLength - 100))));
    expect(err.message).toContain("zstd failed:");
  });

  test("a failing input stream is reported as itself, not as a zstd error", async () => {
    const broken = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array([0x28, 0xb5, 0x2f, 0xfd]));
        c.error(new DomainError("invalid", "backup_corrupt", "Backup part p failed authentication at chunk 3."));
      },
    });
    const err = await rejection(extractTo(freshDir(), broken));
    expect(err.code).toBe("backup_corrupt");
  });

  test("a non-empty or missing target is refused before anything is written", async () => {
    const busy = freshDir();
    writeFileSync(join(busy, "keep-me"), "x");
    expect((await rejection(extractTo(busy, streamOf(new Uint8Array(1))))).code).toBe("backup_target_not_empty");
    expect((await rejection(extractTo(join(scratch, "missing"), streamOf(new Uint8Array(1))))).code).toBe("backup_extract_target");
  });

  test("archiving a missing directory rejects with tar's message, and the stream errors too", async () => {
    const { stream, done } = archiveDir(join(scratch, "no-such-dir"));
    const err = await rejection(done);
    expect(err.code).toBe("backup_archive_failed");
    expect(err.message).toContain("tar failed:");
    expect(err.message).toContain("No such file or directory");
    expect((await rejection(collect(stream))).code).toBe("backup_archive_failed");
  });

  test("an abort signal stops the archive and says so", async () => {
    const ac = new AbortController();
    const { stream, done } = archiveDir(source, { signal: ac.signal });
    ac.abort();
    expect((await rejection(done)).code).toBe("backup_cancelled");
    await stream.cancel().catch(() => undefined);
  });
});

describe("compressStream / decompressStream", () => {
  test("round-trip a dump-sized stream", async () => {
    const data = new Uint8Array(randomBytes(2 * 1024 * 1024));
    const text = new TextEncoder().encode("INSERT INTO t VALUES (1,'abc');\n".repeat(50_000));
    const input = new Uint8Array(data.byteLength + text.byteLength);
    input.set(data);
    input.set(text, data.byteLength);
    const packed = await collect(streamOf(input).pipeThrough(compressStream()));
    expect(packed.byteLength).toBeLessThan(input.byteLength);
    const unpacked = await collect(streamOf(packed).pipeThrough(decompressStream()));
    expect(Buffer.from(unpacked).equals(Buffer.from(input))).toBe(true);
  });

  test("an empty input round-trips to empty", async () => {
    const packed = await collect(streamOf(new Uint8Array(0)).pipeThrough(compressStream()));
    expect((await collect(streamOf(packed).pipeThrough(decompressStream()))).byteLength).toBe(0);
  });

  test("a damaged stream errors the output with zstd's message", async () => {
    const err = await rejection(collect(streamOf(new TextEncoder().encode("certainly not zstd")).pipeThrough(decompressStream())));
    expect(err.code).toBe("backup_decompress_failed");
    expect(err.message).toContain("unsupported format");
  });
});
