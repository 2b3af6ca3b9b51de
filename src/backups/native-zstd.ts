// zstd compression by the system's libzstd (the library the zstd command is built on) through
// bun:ffi, for the sealing helper: it compresses straight into the sealer's frame buffer,
// so an archive takes one pipe (tar -> helper) where `tar | zstd | helper` took two, and the
// bytes are copied as often as in `tar | zstd > file` by hand. The output is an ordinary
// zstd frame with a content checksum, as the zstd command writes it; restore reads it with
// `zstd -d`.
import { dlopen, FFIType as T, ptr, type Pointer } from "bun:ffi";
import { lazyLibrary } from "../lib/libc.ts";

const ZSTD_c_compressionLevel = 100;
const ZSTD_c_checksumFlag = 201;
const ZSTD_c_nbWorkers = 400;
const ZSTD_e_continue = 0;
const ZSTD_e_end = 2;

function load() {
  return dlopen("libzstd.so.1", {
    ZSTD_createCCtx: { args: [], returns: T.ptr },
    ZSTD_freeCCtx: { args: [T.ptr], returns: T.u64 },
    ZSTD_CCtx_setParameter: { args: [T.ptr, T.i32, T.i32], returns: T.u64 },
    ZSTD_compressStream2: { args: [T.ptr, T.ptr, T.ptr, T.i32], returns: T.u64 },
    ZSTD_isError: { args: [T.u64], returns: T.u32 },
    ZSTD_getErrorName: { args: [T.u64], returns: T.cstring },
  }).symbols;
}

const libzstd = lazyLibrary(load);

export const nativeZstdAvailable = (): boolean => libzstd() !== null;

/** Where compressed bytes go: a window to write into, and a call saying how many were put there. */
export interface OutputWindow {
  readonly at: Pointer;
  readonly room: number;
  advance(n: number): void;
}

export class Compressor {
  private readonly z: NonNullable<ReturnType<typeof libzstd>>;
  private readonly cctx: Pointer;
  // ZSTD_inBuffer and ZSTD_outBuffer: { pointer, size, pos }, three size_t each.
  private readonly input = new BigUint64Array(3);
  private readonly output = new BigUint64Array(3);
  private closed = false;

  /** `workers` > 0: compression runs in that many libzstd threads; 0: in the calling thread. */
  constructor(level: number, workers = 0) {
    const z = libzstd();
    if (!z) throw new Error("libzstd.so.1 could not be loaded");
    this.z = z;
    const cctx = z.ZSTD_createCCtx();
    if (!cctx) throw new Error("libzstd could not allocate a context");
    this.cctx = cctx as Pointer;
    this.set(ZSTD_c_compressionLevel, level);
    this.set(ZSTD_c_checksumFlag, 1);
    // Multi-threaded zstd holds ~35 MiB per worker in job buffers; measured on 2 cores it was
    // also slower (1.7 s vs 1.4 s for 512 MiB, bench/backup.ts), as tar and the sealing
    // already keep the other core busy. So: compression in the calling thread unless asked.
    if (workers > 0) this.set(ZSTD_c_nbWorkers, workers);
  }

  /** Compresses `length` bytes at `from` into `out`, as far as zstd wants to emit now. */
  push(from: Pointer, length: number, out: OutputWindow): void {
    this.input[0] = BigInt(from);
    this.input[1] = BigInt(length);
    this.input[2] = 0n;
    do this.step(out, ZSTD_e_continue);
    while (this.input[2] < this.input[1]);
  }

  /** Flushes everything and ends the frame. */
  end(out: OutputWindow): void {
    this.input[0] = 0n;
    this.input[1] = 0n;
    this.input[2] = 0n;
    while (this.step(out, ZSTD_e_end) !== 0) {
      // zstd says how much it still holds; keep giving it room until that is nothing
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.z.ZSTD_freeCCtx(this.cctx);
  }

  private step(out: OutputWindow, directive: number): number {
    this.output[0] = BigInt(out.at);
    this.output[1] = BigInt(out.room);
    this.output[2] = 0n;
    const ret = this.z.ZSTD_compressStream2(this.cctx, ptr(this.output), ptr(this.input), directive);
    this.fail(ret, "compress");
    const wrote = Number(this.output[2]);
    if (wrote > 0) out.advance(wrote);
    return Number(ret);
  }

  private set(param: number, value: number): void {
    this.fail(this.z.ZSTD_CCtx_setParameter(this.cctx, param, value), `setParameter ${param}`);
  }

  private fail(ret: number | bigint, what: string): void {
    if (this.z.ZSTD_isError(ret as never)) throw new Error(`libzstd ${what} failed: ${this.z.ZSTD_getErrorName(ret as never)}`);
  }
}
