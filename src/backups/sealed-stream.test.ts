import { describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { DomainError } from "../lib/errors.ts";
import { CHUNK, deriveBackupKey, openStream, sealStream } from "./sealed-stream.ts";

const key = new Uint8Array(randomBytes(32));
const HEADER = 13;
const FRAME = 4 + CHUNK + 16; // a full chunk on disk

/** Emits `data` in uneven pieces, so chunk boundaries never line up with the input's. */
function streamOf(data: Uint8Array, piece = 100_003): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= data.byteLength) return c.close();
      c.enqueue(data.slice(at, at + piece));
      at += piece;
    },
  });
}

const collect = async (s: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(s).arrayBuffer());
const seal = (data: Uint8Array, id = "part-1", k: Uint8Array = key) => collect(streamOf(data).pipeThrough(sealStream(k, id)));
const open = (sealed: Uint8Array, id = "part-1", k: Uint8Array = key) => collect(streamOf(sealed, 7_777).pipeThrough(openStream(k, id)));

async function openError(sealed: Uint8Array, id = "part-1", k: Uint8Array = key): Promise<DomainError> {
  const err = await open(sealed, id, k).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).code).toBe("backup_corrupt");
  return err as DomainError;
}

describe("sealStream / openStream", () => {
  for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK]) {
    test(`round-trips ${size} bytes`, async () => {
      const data = new Uint8Array(randomBytes(size));
      const sealed = await seal(data);
      // header + one frame per started chunk (an empty input still gets its final chunk)
      const chunks = Math.max(1, Math.ceil(size / CHUNK));
      expect(sealed.byteLength).toBe(HEADER + size + chunks * 20);
      expect(Buffer.from(sealed.subarray(0, 4)).toString()).toBe("SKB1");
      expect(Buffer.from(await open(sealed)).equals(Buffer.from(data))).toBe(true);
    });
  }

  test("the same data sealed twice looks different (fresh nonce prefix per stream)", async () => {
    const data = new TextEncoder().encode("same plaintext");
    const [a, b] = await Promise.all([seal(data), seal(data)]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  describe("detects damage", () => {
    const data = new Uint8Array(randomBytes(5 * CHUNK));
    const sealedOnce = seal(data);

    test("one byte changed mid-part fails at that chunk, after releasing only the chunks before it", async () => {
      const sealed = (await sealedOnce).slice();
      sealed[HEADER + 2 * FRAME + 4 + 500]! ^= 0x01;
      let released = 0;
      const reader = streamOf(sealed).pipeThrough(openStream(key, "part-1")).getReader();
      const err = await (async () => {
        for (;;) {
          const r = await reader.read();
          if (r.done) return null;
          released += r.value.byteLength;
        }
      })().catch((e: DomainError) => e);
      expect(err?.message).toContain("part part-1 failed authentication at chunk 2");
      expect(released).toBe(2 * CHUNK);
    });

    test("cut at a chunk boundary is reported as truncated", async () => {
      const sealed = await sealedOnce;
      const err = await openError(sealed.subarray(0, HEADER + 3 * FRAME));
      expect(err.message).toContain("part part-1 is truncated");
    });

    test("cut mid-chunk, mid-header or to nothing is truncated", async () => {
      const sealed = await sealedOnce;
      for (const end of [HEADER + FRAME + 1000, 5, 0]) {
        expect((await openError(sealed.subarray(0, end))).message).toContain("is truncated");
      }
    });

    test("two chunks swapped fail authentication", async () => {
      const sealed = await sealedOnce;
      const swapped = new Uint8Array(sealed);
      swapped.set(sealed.subarray(HEADER + 2 * FRAME, HEADER + 3 * FRAME), HEADER + FRAME);
      swapped.set(sealed.subarray(HEADER + FRAME, HEADER + 2 * FRAME), HEADER + 2 * FRAME);
      expect((await openError(swapped)).message).toContain("failed authentication at chunk 1");
    });

    test("a chunk spliced in from another part under the same key and id fails", async () => {
      const sealed = await sealedOnce;
      const other = await seal(new Uint8Array(randomBytes(2 * CHUNK)));
      const spliced = new Uint8Array(sealed);
      spliced.set(other.subarray(HEADER, HEADER + FRAME), HEADER + FRAME);
      expect((await openError(spliced)).message).toContain("failed authentication at chunk 1");
    });

    test("the final flag cleared on the last chunk fails", async () => {
      const sealed = (await sealedOnce).slice();
      sealed[HEADER + 4 * FRAME]! &= 0x7f;
      expect((await openError(sealed)).message).toContain("failed authentication at chunk 4");
    });

    test("a wrong part id or a wrong key fails at the first chunk", async () => {
      const sealed = await sealedOnce;
      expect((await openError(sealed, "part-2")).message).toContain("failed authentication at chunk 0");
      expect((await openError(sealed, "part-1", new Uint8Array(randomBytes(32)))).message).toContain("failed authentication at chunk 0");
    });

    test("trailing garbage after the final chunk fails", async () => {
      const sealed = await sealedOnce;
      const longer = new Uint8Array(sealed.byteLength + 3);
      longer.set(sealed);
      expect((await openError(longer)).message).toContain("trailing data after its final chunk");
    });

    test("something else entirely is not taken for a part", async () => {
      expect((await openError(new TextEncoder().encode("PK\u0003\u0004 a zip file, not a part"))).message).toContain("not a sealed backup part");
    });
  });

  test("memory stays flat: 200 MiB sealed and opened through streams", async () => {
    // Measured in a fresh process, so what other tests left on the heap does not count.
    const proc = Bun.spawn([process.execPath, "-e", flatMemoryScript(200)], { stdout: "pipe", stderr: "pipe" });
    const [out, err, exit] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    expect(err).toBe("");
    expect(exit).toBe(0);
    const r = JSON.parse(out) as { bytes: number; same: boolean; growthMiB: number; seconds: number };
    expect(r.bytes).toBe(200 * CHUNK);
    expect(r.same).toBe(true);
    process.stderr.write(`seal+open+sha256 of 200 MiB: ${(200 / r.seconds).toFixed(0)} MiB/s, peak RSS growth ${r.growthMiB.toFixed(1)} MiB\n`);
    expect(r.growthMiB).toBeLessThan(40);
  }, 120_000); // 200 MiB of crypto in a child: minutes on a machine busy with other work
});

/**
 * A script that generates `mib` MiB on the fly, seals and opens it, hashes both ends, and
 * prints the peak RSS growth. A first, small run warms what is allocated once (JIT code,
 * crypto and allocator pools, the collector's usual slack), so what is measured is what
 * grows with the size of the stream: anything held per chunk would add ~200 MiB.
 */
function flatMemoryScript(mib: number): string {
  return `
    import { createHash, randomBytes } from "node:crypto";
    import { CHUNK, openStream, sealStream } from ${JSON.stringify(join(import.meta.dir, "sealed-stream.ts"))};
    const key = randomBytes(32);
    async function pump(total, sample) {
      const block = new Uint8Array(randomBytes(256 * 1024));
      const inHash = createHash("sha256"), outHash = createHash("sha256");
      let produced = 0, out = 0;
      const source = new ReadableStream({
        pull(c) {
          if (produced >= total) return c.close();
          const piece = block.slice(); // a fresh buffer each time, as a file read would give
          piece[0] = produced / block.byteLength; // not the same block over and over
          inHash.update(piece);
          produced += piece.byteLength;
          c.enqueue(piece);
        },
      });
      for await (const chunk of source.pipeThrough(sealStream(key, "big")).pipeThrough(openStream(key, "big"))) {
        outHash.update(chunk);
        out += chunk.byteLength;
        if (out % (4 * CHUNK) === 0) sample();
      }
      return { bytes: out, same: inHash.digest("hex") === outHash.digest("hex") };
    }
    await pump(16 * CHUNK, () => {});
    const before = process.memoryUsage().rss;
    let peak = before;
    const sample = () => { peak = Math.max(peak, process.memoryUsage().rss); };
    const started = performance.now();
    const r = await pump(${mib} * CHUNK, sample);
    sample();
    process.stdout.write(JSON.stringify({ ...r, growthMiB: (peak - before) / 1048576, seconds: (performance.now() - started) / 1000 }));
  `;
}

describe("deriveBackupKey", () => {
  test("is deterministic per master key, 32 bytes, and never the master key itself", () => {
    const master = new Uint8Array(randomBytes(32));
    const a = deriveBackupKey(master);
    expect(a.byteLength).toBe(32);
    expect(Buffer.from(deriveBackupKey(master)).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(master))).toBe(false);
    expect(Buffer.from(deriveBackupKey(new Uint8Array(randomBytes(32)))).equals(Buffer.from(a))).toBe(false);
  });

  test("a part sealed under one panel's key does not open under another's", async () => {
    const mine = deriveBackupKey(new Uint8Array(randomBytes(32)));
    const theirs = deriveBackupKey(new Uint8Array(randomBytes(32)));
    const sealed = await seal(new TextEncoder().encode("volume data"), "p", mine);
    expect((await openError(sealed, "p", theirs)).message).toContain("failed authentication");
  });
});
