import { describe, expect, test } from "bun:test";
import { createHash, randomBytes } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { osPipe } from "../lib/libc.ts";
import { nativeSealAvailable, sealFd } from "./native-seal.ts";
import { CHUNK, openStream } from "./sealed-stream.ts";

const key = new Uint8Array(randomBytes(32));
const open = async (sealed: Uint8Array, id: string) => new Uint8Array(await new Response(new Blob([sealed]).stream().pipeThrough(openStream(key, id))).arrayBuffer());

function sealFile(data: Uint8Array, id: string) {
  const dir = mkdtempSync(join(tmpdir(), "sk-native-seal-"));
  try {
    writeFileSync(join(dir, "in"), data);
    const inFd = openSync(join(dir, "in"), "r");
    const outFd = openSync(join(dir, "out"), "w");
    const digest = sealFd(inFd, outFd, key, id);
    closeSync(inFd);
    closeSync(outFd);
    return { digest, sealed: new Uint8Array(readFileSync(join(dir, "out"))) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("sealFd (libcrypto through bun:ffi)", () => {
  test("is available on this machine", () => expect(nativeSealAvailable()).toBe(true));

  for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5]) {
    test(`${size} bytes: openStream reads back exactly the input; size and sha256 are the sealed file's`, async () => {
      const data = new Uint8Array(randomBytes(size));
      const { digest, sealed } = sealFile(data, "b1/001-volume.tar.zst.sealed");
      expect(digest.plainBytes).toBe(size);
      expect(digest.bytes).toBe(sealed.byteLength);
      expect(digest.sha256).toBe(createHash("sha256").update(sealed).digest("hex"));
      expect(Buffer.from(await open(sealed, "b1/001-volume.tar.zst.sealed")).equals(Buffer.from(data))).toBe(true);
    });
  }

  test("the part id is bound in: opened as another part it is refused", async () => {
    const { sealed } = sealFile(new Uint8Array(randomBytes(1000)), "b1/001-volume.tar.zst.sealed");
    await expect(open(sealed, "b1/002-volume.tar.zst.sealed")).rejects.toThrow(/failed authentication/);
  });

  test("two seals of the same bytes differ (fresh nonce prefix each time)", () => {
    const data = new Uint8Array(randomBytes(5000));
    expect(Buffer.from(sealFile(data, "x").sealed).equals(Buffer.from(sealFile(data, "x").sealed))).toBe(false);
  });

  test("reads a pipe in whatever pieces it delivers, to its end", async () => {
    const data = new Uint8Array(randomBytes(2 * CHUNK + 12345));
    const dir = mkdtempSync(join(tmpdir(), "sk-native-seal-"));
    try {
      writeFileSync(join(dir, "in"), data);
      const pipe = osPipe();
      // A writer that delivers 4 KiB at a time, slower than we read.
      const writer = Bun.spawn(["dd", `if=${join(dir, "in")}`, "bs=4096", "status=none"], { stdio: ["ignore", pipe.write, "inherit"] });
      closeSync(pipe.write);
      const outFd = openSync(join(dir, "out"), "w");
      const digest = sealFd(pipe.read, outFd, key, "p");
      closeSync(pipe.read);
      closeSync(outFd);
      expect(await writer.exited).toBe(0);
      expect(digest.plainBytes).toBe(data.byteLength);
      expect(Buffer.from(await open(new Uint8Array(readFileSync(join(dir, "out"))), "p")).equals(Buffer.from(data))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a key that is not 32 bytes is refused before anything is written", () => {
    expect(() => sealFd(0, 1, new Uint8Array(16), "p")).toThrow(/32 bytes/);
  });
});
