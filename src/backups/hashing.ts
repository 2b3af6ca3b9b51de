// Size and sha256 of bytes as they stream past, so a part's fingerprint for the manifest is
// known the moment it is written, without reading it back.
import { createHash } from "node:crypto";
import { DomainError } from "../lib/errors.ts";

export interface Digest {
  sha256: string;
  bytes: number;
}

/** A pass-through stream that hashes and counts; digest() is meaningful once the stream has ended. */
export function hashingTap(): { stream: TransformStream<Uint8Array, Uint8Array>; digest(): Digest } {
  const hash = createHash("sha256");
  let bytes = 0;
  let result: Digest | null = null;
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
    flush() {
      result = { sha256: hash.digest("hex"), bytes };
    },
  });
  return {
    stream,
    digest() {
      // A digest of half a stream would be recorded as if it were the whole part.
      if (result === null) throw new DomainError("internal", "backup_digest_early", "hashingTap: digest() was called before the stream ended.");
      return result;
    },
  };
}

/** Reads a stream to its end, returning its sha256 (hex) and length. */
export async function sha256OfStream(stream: ReadableStream<Uint8Array>): Promise<Digest> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  return { sha256: hash.digest("hex"), bytes };
}
