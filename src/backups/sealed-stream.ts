// Backup parts at rest: AES-256-GCM over fixed-size chunks, so a part of any size is sealed
// and opened in constant memory and every chunk is authenticated before any of its
// plaintext leaves. Node's crypto does all the cryptography; this file only frames.
//
// Format, integers big-endian:
//   header  "SKB1" | version u8 (1) | nonce prefix (8 random bytes)                 13 bytes
//   chunk   u32 (top bit: final flag, low 31 bits: ciphertext length) | ciphertext | tag[16]
//   nonce of chunk i = prefix | u32 i
//   AAD   of chunk i = header | u32 i | u8 final | utf8(partId)
//
// The chunk index in the AAD catches reordered or dropped chunks; the final flag catches a
// stream cut at a chunk boundary (the last chunk present does not claim to be final); the
// part id and the per-stream prefix (in both nonce and AAD) catch chunks spliced in from
// another part. The final flag also sits in the length word because the opener has to know
// which chunk claims to be last before it can check it; flipping it there fails the tag.
//
// A truncated or damaged part still releases the chunks verified before the damage: a
// stream cannot take back what it already passed on. That is why restore first checks the
// whole part against the sha256 recorded in the (signed) manifest before touching anything.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { DomainError, invalid } from "../lib/errors.ts";

/**
 * Plaintext bytes per chunk. 1 MiB makes the per-chunk cost (20 bytes of framing, one cipher
 * set-up) negligible, while bounding what the opener holds unverified to ~1 MiB, which keeps
 * memory flat and still points at a damaged spot to within a megabyte.
 */
export const CHUNK = 1024 * 1024;

const MAGIC = Buffer.from("SKB1", "ascii");
const VERSION = 1;
const PREFIX_BYTES = 8;
const HEADER_BYTES = MAGIC.length + 1 + PREFIX_BYTES;
export const TAG_BYTES = 16;
export const FINAL_FLAG = 0x8000_0000;
const LENGTH_MASK = 0x7fff_ffff;
// The counter is the last 4 bytes of the nonce: past 2^32 chunks (4 PiB) it would repeat.
export const MAX_CHUNKS = 0xffff_ffff;

/** A fresh stream header: magic, version and a random nonce prefix. */
export const sealedHeader = () => Buffer.concat([MAGIC, Buffer.from([VERSION]), randomBytes(PREFIX_BYTES)]);

/** Seals chunk after chunk; each call returns one frame (length word, ciphertext, tag) in one buffer. */
export class Sealer {
  /** The stream header: the first bytes of a sealed part. */
  readonly header = sealedHeader();
  private readonly part: Buffer;
  private index = 0;

  constructor(
    private readonly key: Uint8Array,
    private readonly partId: string,
  ) {
    assertKey(key);
    this.part = Buffer.from(partId, "utf8");
  }

  /** The frame as three pieces (length word, ciphertext, tag): copying them into one would cost a 1 MiB copy per chunk. */
  seal(plain: Uint8Array, final: boolean): Buffer[] {
    if (this.index >= MAX_CHUNKS) throw invalid("backup_too_large", `Backup part ${this.partId} exceeds ${MAX_CHUNKS} chunks.`);
    const cipher = createCipheriv("aes-256-gcm", this.key, nonceOf(this.header, this.index));
    cipher.setAAD(aadOf(this.header, this.index, final, this.part));
    const body = cipher.update(plain);
    cipher.final();
    const word = Buffer.allocUnsafe(4);
    word.writeUInt32BE((final ? FINAL_FLAG : 0) + body.length, 0);
    this.index++;
    return body.length > 0 ? [word, body, cipher.getAuthTag()] : [word, cipher.getAuthTag()];
  }
}

/** Encrypts a stream into the sealed format above. An empty input still yields one (final, empty) chunk. */
export function sealStream(key: Uint8Array, partId: string): TransformStream<Uint8Array, Uint8Array> {
  const sealer = new Sealer(key, partId);
  // One chunk of plaintext is held back until we know whether more follows, because the
  // last chunk must carry the final flag and we only learn which one it is at the end.
  const pending = Buffer.allocUnsafe(CHUNK);
  let fill = 0;

  return new TransformStream<Uint8Array, Uint8Array>({
    start(controller) {
      controller.enqueue(sealer.header);
    },
    transform(chunk, controller) {
      let offset = 0;
      while (offset < chunk.byteLength) {
        if (fill === CHUNK) {
          for (const piece of sealer.seal(pending, false)) controller.enqueue(piece);
          fill = 0;
        }
        const n = Math.min(CHUNK - fill, chunk.byteLength - offset);
        pending.set(chunk.subarray(offset, offset + n), fill);
        fill += n;
        offset += n;
      }
    },
    flush(controller) {
      for (const piece of sealer.seal(pending.subarray(0, fill), true)) controller.enqueue(piece);
    },
  });
}

/**
 * Decrypts and authenticates chunk by chunk; a chunk's plaintext is passed on only after its
 * tag has verified. Errors with invalid "backup_corrupt" on tampering, truncation, trailing
 * data, a wrong key or a wrong part id.
 */
export function openStream(key: Uint8Array, partId: string): TransformStream<Uint8Array, Uint8Array> {
  assertKey(key);
  const part = Buffer.from(partId, "utf8");
  const input = new ByteQueue();
  const corrupt = (what: string) => invalid("backup_corrupt", `Backup part ${partId} ${what}.`);
  let header: Buffer | null = null;
  let frame: { final: boolean; length: number } | null = null;
  let index = 0;
  let finished = false;

  const drain = (controller: TransformStreamDefaultController<Uint8Array>) => {
    for (;;) {
      if (finished) {
        if (input.length > 0) throw corrupt("has trailing data after its final chunk");
        return;
      }
      if (header === null) {
        if (input.length < HEADER_BYTES) return;
        header = Buffer.from(input.take(HEADER_BYTES));
        if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw corrupt("is not a sealed backup part (bad header)");
        if (header[MAGIC.length] !== VERSION) throw corrupt(`uses an unknown format version ${header[MAGIC.length]}`);
      }
      if (frame === null) {
        if (input.length < 4) return;
        const word = Buffer.from(input.take(4)).readUInt32BE(0);
        frame = { final: word >= FINAL_FLAG, length: word & LENGTH_MASK };
        // Checked before waiting for the body, so a damaged length cannot make us buffer 2 GiB.
        if (frame.length > CHUNK) throw corrupt(`has an impossible chunk length at chunk ${index}`);
      }
      if (input.length < frame.length + TAG_BYTES) return;
      // Taken apart so a body that arrived as one piece is used in place, not copied.
      const body = input.take(frame.length);
      const tag = input.take(TAG_BYTES);
      const decipher = createDecipheriv("aes-256-gcm", key, nonceOf(header, index));
      decipher.setAAD(aadOf(header, index, frame.final, part));
      decipher.setAuthTag(tag);
      let plain: Buffer;
      try {
        plain = decipher.update(body);
        decipher.final();
      } catch {
        throw corrupt(`failed authentication at chunk ${index} (damaged or altered data, a chunk out of place, or the wrong key or part)`);
      }
      if (plain.length > 0) controller.enqueue(plain);
      finished = frame.final;
      frame = null;
      index++;
    }
  };

  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      input.push(chunk);
      drain(controller);
    },
    flush() {
      if (!finished) {
        const where = header === null ? "before its header ends" : `after chunk ${index} without its final chunk`;
        throw corrupt(`is truncated: it ends ${where}`);
      }
    },
  });
}

/**
 * The backup key, derived with HKDF-SHA256 (info "serverkit backups v1") so it is never the
 * panel key itself and backups can only be restored with the panel's secret.key. Pass it
 * the panel's key material, e.g. `secretBox.deriveKey("backups")`: the derivation is
 * deterministic, so the same secret.key always yields the same backup key.
 */
export function deriveBackupKey(masterKey: Uint8Array): Uint8Array {
  if (masterKey.byteLength < 32) throw new DomainError("internal", "backup_key_invalid", "The master key must be at least 32 bytes.");
  return new Uint8Array(hkdfSync("sha256", masterKey, new Uint8Array(0), "serverkit backups v1", 32));
}

export function assertKey(key: Uint8Array): void {
  if (key.byteLength !== 32) throw new DomainError("internal", "backup_key_invalid", "A backup key must be 32 bytes.");
}

export function nonceOf(header: Buffer, index: number): Buffer {
  const nonce = Buffer.allocUnsafe(PREFIX_BYTES + 4);
  header.copy(nonce, 0, HEADER_BYTES - PREFIX_BYTES, HEADER_BYTES);
  nonce.writeUInt32BE(index, PREFIX_BYTES);
  return nonce;
}

export function aadOf(header: Buffer, index: number, final: boolean, part: Buffer): Buffer {
  const fields = Buffer.allocUnsafe(5);
  fields.writeUInt32BE(index, 0);
  fields[4] = final ? 1 : 0;
  return Buffer.concat([header, fields, part]);
}

/** Incoming bytes, taken back out in exact-size pieces; copies only when a piece spans chunks. */
class ByteQueue {
  private chunks: Uint8Array[] = [];
  length = 0;

  push(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.byteLength;
  }

  take(n: number): Uint8Array {
    this.length -= n;
    const first = this.chunks[0];
    if (first !== undefined && first.byteLength >= n) {
      if (first.byteLength === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const head = this.chunks[0]!;
      const k = Math.min(head.byteLength, n - filled);
      out.set(head.subarray(0, k), filled);
      filled += k;
      if (k === head.byteLength) this.chunks.shift();
      else this.chunks[0] = head.subarray(k);
    }
    return out;
  }
}
