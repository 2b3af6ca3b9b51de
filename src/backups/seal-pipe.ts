// A part's bytes sealed (sealed-stream.ts format) as one pull stream that also counts the
// plain bytes and hashes the sealed ones. One stage instead of four chained transforms: each
// stage costs a promise hop per chunk and may hold chunks of its own, and the sealed bytes
// are hashed once, as they leave. Nothing is read from the input until storage asks for more,
// so two plaintext buffers and one sealed frame (~3 MiB) are held whatever the part's size.
import { createHash } from "node:crypto";
import { DomainError } from "../lib/errors.ts";
import { gcPacer } from "./gc-pacer.ts";
import { CHUNK, Sealer } from "./sealed-stream.ts";

export interface SealedDigest {
  /** Size and sha256 of the sealed bytes, as stored. */
  bytes: number;
  sha256: string;
  plainBytes: number;
}

/** Reads `input` straight into two reused plaintext buffers. */
export function sealedBody(input: ReadableStream<Uint8Array>, key: Uint8Array, partId: string): { stream: ReadableStream<Uint8Array>; digest(): SealedDigest } {
  const sealer = new Sealer(key, partId);
  const hash = createHash("sha256");
  const collect = gcPacer();
  const source = fromStream(input, collect);
  // Two plaintext buffers: a full one is sealed only once the next read shows whether more
  // follows, because the last chunk carries the final flag.
  let full = Buffer.allocUnsafe(CHUNK);
  let next = Buffer.allocUnsafe(CHUNK);
  let fill = 0;
  let bytes = 0;
  let plainBytes = 0;
  let result: SealedDigest | null = null;

  const emit = (controller: ReadableStreamDefaultController<Uint8Array>, frame: Uint8Array[]) => {
    for (const piece of frame) {
      hash.update(piece);
      bytes += piece.byteLength;
      controller.enqueue(piece);
      // Each sealed chunk is a fresh buffer from the cipher.
      collect(piece.byteLength);
    }
  };

  /** Fills `buf` from `from` on; returns how many bytes it holds (less than CHUNK only at the end). */
  const fillFrom = async (buf: Buffer, from: number): Promise<number> => {
    let at = from;
    while (at < CHUNK) {
      const n = await source.read(buf, at, CHUNK - at);
      if (n === 0) break;
      at += n;
    }
    plainBytes += at - from;
    return at;
  };

  const stream = new ReadableStream<Uint8Array>(
    {
      async start(controller) {
        emit(controller, [sealer.header]);
        fill = await fillFrom(full, 0);
      },
      async pull(controller) {
        if (fill < CHUNK) {
          emit(controller, sealer.seal(full.subarray(0, fill), true));
          result = { bytes, sha256: hash.digest("hex"), plainBytes };
          controller.close();
          return;
        }
        const more = await fillFrom(next, 0);
        if (more === 0) {
          emit(controller, sealer.seal(full, true));
          result = { bytes, sha256: hash.digest("hex"), plainBytes };
          controller.close();
          return;
        }
        emit(controller, sealer.seal(full, false));
        [full, next] = [next, full];
        fill = more;
      },
      cancel: (reason) => source.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  return {
    stream,
    digest() {
      if (result === null) throw new DomainError("internal", "backup_digest_early", "sealedBody: digest() was called before the stream ended.");
      return result;
    },
  };
}

interface Source {
  read(into: Uint8Array, offset: number, length: number): Promise<number>;
  cancel(reason?: unknown): Promise<void>;
}

/** A stream read into the caller's buffer: each read copies from the chunk at hand, 0 at the end. */
function fromStream(input: ReadableStream<Uint8Array>, collect: (bytes: number) => void): Source {
  const reader = input.getReader();
  let carry: Uint8Array | null = null;
  return {
    async read(into, offset, length) {
      while (carry === null || carry.byteLength === 0) {
        const r = await reader.read();
        if (r.done) return 0;
        carry = r.value;
        collect(r.value.byteLength); // each chunk read is a fresh buffer
      }
      const piece: Uint8Array = carry;
      const n = Math.min(length, piece.byteLength);
      into.set(piece.subarray(0, n), offset);
      carry = piece.subarray(n);
      return n;
    },
    cancel: (reason) => reader.cancel(reason),
  };
}
