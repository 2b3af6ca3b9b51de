// The building blocks joined as a backup and a restore use them: a directory archived,
// fingerprinted and sealed into a file, then that file opened and unpacked elsewhere.
import { afterAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DomainError } from "../lib/errors.ts";
import { archiveDir, extractTo } from "./archive.ts";
import { hashingTap, sha256OfStream } from "./hashing.ts";
import { deriveBackupKey, openStream, sealStream } from "./sealed-stream.ts";
import { buildAwkwardTree, describeTree } from "./testing-tree.ts";

const scratch = mkdtempSync(join(tmpdir(), "sk-backup-pipe-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const dirIn = (name: string) => {
  const dir = join(scratch, name);
  mkdirSync(dir);
  return dir;
};

const key = deriveBackupKey(new Uint8Array(randomBytes(32)));
const partId = "bk_test/001-volume.tar.zst.sealed";

/** Streams into a file chunk by chunk, waiting on each write: nothing accumulates. */
async function writeFile(path: string, stream: ReadableStream<Uint8Array>): Promise<void> {
  const sink = Bun.file(path).writer();
  for await (const chunk of stream) {
    sink.write(chunk);
    await sink.flush();
  }
  await sink.end();
}

describe("archive -> hash -> seal -> file -> open -> extract", () => {
  const source = dirIn("source");
  buildAwkwardTree(source);
  const sealedPath = join(scratch, "001-volume.tar.zst.sealed");
  let recorded: { sha256: string; bytes: number };

  test("writes a sealed part whose recorded size and sha256 match the file", async () => {
    const { stream, done } = archiveDir(source);
    const tap = hashingTap();
    await Promise.all([writeFile(sealedPath, stream.pipeThrough(sealStream(key, partId)).pipeThrough(tap.stream)), done]);
    recorded = tap.digest();
    expect(recorded.bytes).toBe(statSync(sealedPath).size);
    expect(await sha256OfStream(Bun.file(sealedPath).stream())).toEqual(recorded);
    // sealed, not merely compressed: neither a file name nor zstd's magic shows
    const raw = readFileSync(sealedPath);
    expect(raw.subarray(0, 4).toString()).toBe("SKB1");
    expect(raw.includes(Buffer.from("name with spaces"))).toBe(false);
    expect(raw.includes(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))).toBe(false);
  });

  test("restores an identical tree from the file", async () => {
    const target = dirIn("restored");
    await extractTo(target, Bun.file(sealedPath).stream().pipeThrough(openStream(key, partId)));
    expect(describeTree(target)).toEqual(describeTree(source));
  });

  test("a tampered file fails as backup_corrupt (not as a zstd or tar error), and its sha256 no longer matches", async () => {
    const tampered = join(scratch, "tampered.sealed");
    const bytes = readFileSync(sealedPath);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x40;
    writeFileSync(tampered, bytes);
    expect((await sha256OfStream(Bun.file(tampered).stream())).sha256).not.toBe(recorded.sha256);
    const err = await extractTo(dirIn("from-tampered"), Bun.file(tampered).stream().pipeThrough(openStream(key, partId))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe("backup_corrupt");
    expect((err as DomainError).message).toContain("failed authentication at chunk");
  });

  test("the part opened under another part's id is refused", async () => {
    const err = await extractTo(dirIn("wrong-id"), Bun.file(sealedPath).stream().pipeThrough(openStream(key, "bk_test/002-volume.tar.zst.sealed"))).catch((e: unknown) => e);
    expect((err as DomainError).code).toBe("backup_corrupt");
  });
});
