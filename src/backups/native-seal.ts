// The sealed-stream format (sealed-stream.ts) written to an fd by the system's libcrypto
// (OpenSSL 3, through bun:ffi) in two reused buffers: no JavaScript object per chunk, no copy
// out of the cipher, no promise hop. It runs in a helper process (seal-helper.ts) because a
// backup of a big volume spends most of its time here: through streams in the panel it ran at
// a third of the speed of `tar | zstd` by hand (bench/backup.ts). The output is byte-for-byte
// the format openStream() reads; the tests check that against it.
import { dlopen, FFIType as T, ptr, type Pointer } from "bun:ffi";
import { lazyLibrary, libc, readFull, writeFull } from "../lib/libc.ts";
import { aadOf, assertKey, CHUNK, FINAL_FLAG, MAX_CHUNKS, nonceOf, sealedHeader, TAG_BYTES } from "./sealed-stream.ts";
import type { SealedDigest } from "./seal-pipe.ts";

const EVP_CTRL_GCM_GET_TAG = 0x10;
// No sync_file_range() along the way to start writeback early: measured on a 2 GiB volume it
// blocked the sealing for longer (0.5-1 s) than it saved the final fsync.

function load() {
  return dlopen("libcrypto.so.3", {
    EVP_CIPHER_CTX_new: { args: [], returns: T.ptr },
    EVP_CIPHER_CTX_free: { args: [T.ptr], returns: T.void },
    EVP_aes_256_gcm: { args: [], returns: T.ptr },
    EVP_EncryptInit_ex: { args: [T.ptr, T.ptr, T.ptr, T.ptr, T.ptr], returns: T.i32 },
    EVP_EncryptUpdate: { args: [T.ptr, T.ptr, T.ptr, T.ptr, T.i32], returns: T.i32 },
    EVP_EncryptFinal_ex: { args: [T.ptr, T.ptr, T.ptr], returns: T.i32 },
    EVP_CIPHER_CTX_ctrl: { args: [T.ptr, T.i32, T.i32, T.ptr], returns: T.i32 },
    EVP_MD_CTX_new: { args: [], returns: T.ptr },
    EVP_MD_CTX_free: { args: [T.ptr], returns: T.void },
    EVP_sha256: { args: [], returns: T.ptr },
    EVP_DigestInit_ex: { args: [T.ptr, T.ptr, T.ptr], returns: T.i32 },
    EVP_DigestUpdate: { args: [T.ptr, T.ptr, T.u64], returns: T.i32 },
    EVP_DigestFinal_ex: { args: [T.ptr, T.ptr, T.ptr], returns: T.i32 },
  }).symbols;
}

const libcrypto = lazyLibrary(load);

/** Whether this machine can seal natively (libcrypto.so.3 and libc load); else the caller streams in JS. */
export const nativeSealAvailable = (): boolean => libcrypto() !== null && libc() !== null;

function check(ok: number, what: string): void {
  if (ok !== 1) throw new Error(`libcrypto ${what} failed`);
}

/**
 * Writes a sealed stream to `outFd`, hashing the sealed bytes as they go. The producer
 * writes plaintext straight into the current frame's body (`at`, `room`, then `advance`), so
 * a compressor can fill it with no copy. A full chunk waits until more plaintext arrives or
 * the stream ends: only then is it known whether it is the final one.
 */
export class NativeSealer {
  private readonly c: NonNullable<ReturnType<typeof libcrypto>>;
  private readonly frames = [Buffer.allocUnsafe(4 + CHUNK + TAG_BYTES), Buffer.allocUnsafe(4 + CHUNK + TAG_BYTES)];
  private readonly addr = this.frames.map((f) => ptr(f));
  private readonly header = sealedHeader();
  private readonly part: Buffer;
  private readonly key: Buffer;
  private readonly outLen = new Int32Array(1);
  private readonly ctx: Pointer;
  private readonly md: Pointer;
  private cur = 0;
  private fill = 0;
  /** The other frame holds a full chunk not yet sealed. */
  private pending = false;
  private index = 0;
  private bytes = 0;
  private plainBytes = 0;
  private closed = false;

  constructor(
    private readonly outFd: number,
    key: Uint8Array,
    private readonly partId: string,
  ) {
    assertKey(key);
    const c = libcrypto();
    if (!c) throw new Error("libcrypto.so.3 could not be loaded");
    this.c = c;
    this.key = Buffer.from(key);
    this.part = Buffer.from(partId, "utf8");
    const ctx = c.EVP_CIPHER_CTX_new();
    const md = c.EVP_MD_CTX_new();
    if (!ctx || !md) throw new Error("libcrypto could not allocate a context");
    this.ctx = ctx as Pointer;
    this.md = md as Pointer;
    check(c.EVP_DigestInit_ex(md, c.EVP_sha256(), null), "DigestInit");
    this.emit(ptr(this.header), this.header.length);
  }

  /** Where the next plaintext byte goes, and how many fit before the chunk is full. */
  get at(): Pointer {
    return (this.addr[this.cur]! + 4 + this.fill) as Pointer;
  }
  get room(): number {
    return CHUNK - this.fill;
  }

  /** `n` plaintext bytes were put at `at`. */
  advance(n: number): void {
    this.fill += n;
    this.plainBytes += n;
    if (this.fill < CHUNK) return;
    if (this.pending) this.seal(1 - this.cur, CHUNK, false);
    this.pending = true;
    this.cur = 1 - this.cur;
    this.fill = 0;
  }

  /** Seals what is left, the last chunk flagged final; the sealed stream's size and sha256. */
  finish(): SealedDigest {
    if (this.fill > 0 || !this.pending) {
      if (this.pending) this.seal(1 - this.cur, CHUNK, false);
      this.seal(this.cur, this.fill, true);
    } else {
      this.seal(1 - this.cur, CHUNK, true);
    }
    const digest = Buffer.alloc(32);
    check(this.c.EVP_DigestFinal_ex(this.md, ptr(digest), null), "DigestFinal");
    this.close();
    return { bytes: this.bytes, plainBytes: this.plainBytes, sha256: digest.toString("hex") };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.c.EVP_CIPHER_CTX_free(this.ctx);
    this.c.EVP_MD_CTX_free(this.md);
    this.key.fill(0);
  }

  /** Encrypts frame `which`'s body over itself, appends the tag, writes the frame. */
  private seal(which: number, len: number, final: boolean): void {
    const c = this.c;
    if (this.index >= MAX_CHUNKS) throw new Error(`backup part ${this.partId} exceeds ${MAX_CHUNKS} chunks`);
    const p = this.addr[which]!;
    const body = (p + 4) as Pointer;
    const nonce = nonceOf(this.header, this.index);
    const aad = aadOf(this.header, this.index, final, this.part);
    check(c.EVP_EncryptInit_ex(this.ctx, c.EVP_aes_256_gcm(), null, ptr(this.key), ptr(nonce)), "EncryptInit");
    check(c.EVP_EncryptUpdate(this.ctx, null, ptr(this.outLen), ptr(aad), aad.length), "EncryptUpdate (AAD)");
    if (len > 0) check(c.EVP_EncryptUpdate(this.ctx, body, ptr(this.outLen), body, len), "EncryptUpdate");
    check(c.EVP_EncryptFinal_ex(this.ctx, (p + 4 + len) as Pointer, ptr(this.outLen)), "EncryptFinal");
    check(c.EVP_CIPHER_CTX_ctrl(this.ctx, EVP_CTRL_GCM_GET_TAG, TAG_BYTES, (p + 4 + len) as Pointer), "GCM tag");
    this.frames[which]!.writeUInt32BE((final ? FINAL_FLAG : 0) + len, 0);
    this.emit(p, 4 + len + TAG_BYTES);
    this.index++;
  }

  private emit(p: Pointer, n: number): void {
    check(this.c.EVP_DigestUpdate(this.md, p, n), "DigestUpdate");
    writeFull(this.outFd, p, n);
    this.bytes += n;
  }
}

/** Seals everything read from `inFd` until its end into `outFd`. Blocks: meant for a process of its own. */
export function sealFd(inFd: number, outFd: number, key: Uint8Array, partId: string): SealedDigest {
  const sealer = new NativeSealer(outFd, key, partId);
  try {
    for (;;) {
      const n = readFull(inFd, sealer.at, sealer.room);
      if (n === 0) return sealer.finish();
      sealer.advance(n);
    }
  } finally {
    sealer.close();
  }
}
