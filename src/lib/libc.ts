// The few libc calls Node's fs does not offer, through bun:ffi: anonymous pipes (so two
// tools we spawn talk through the kernel instead of through this process) and plain
// blocking read/write on an fd into a buffer we reuse (for a helper process whose only job
// is one byte stream). Loaded on first use; `libc()` is null where it cannot be loaded, and
// callers then take their portable path.
import { dlopen, FFIType as T, ptr, read as peek, type Pointer } from "bun:ffi";
import { constants } from "node:os";

const O_CLOEXEC = 0o2000000;
const EINTR = 4;
const F_SETPIPE_SZ = 1031;
const PR_SET_PDEATHSIG = 1;
const SIGKILL = 9;

function load() {
  return dlopen("libc.so.6", {
    read: { args: [T.i32, T.ptr, T.u64], returns: T.i64 },
    write: { args: [T.i32, T.ptr, T.u64], returns: T.i64 },
    pipe2: { args: [T.ptr, T.i32], returns: T.i32 },
    fcntl: { args: [T.i32, T.i32, T.i32], returns: T.i32 },
    prctl: { args: [T.i32, T.u64, T.u64, T.u64, T.u64], returns: T.i32 },
    getppid: { args: [], returns: T.i32 },
    __errno_location: { args: [], returns: T.ptr },
  }).symbols;
}

/** A shared library opened on first use; null where it cannot be (the caller then takes its portable path). */
export function lazyLibrary<T>(open: () => T): () => T | null {
  let lib: T | null | undefined;
  return () => {
    if (lib === undefined) {
      try {
        lib = open();
      } catch {
        lib = null;
      }
    }
    return lib;
  };
}

export const libc = lazyLibrary(load);

function must() {
  const c = libc();
  if (!c) throw new Error("libc.so.6 could not be loaded");
  return c;
}

const errno = () => peek.i32(must().__errno_location() as Pointer, 0);

const errnoNames = new Map(Object.entries(constants.errno).map(([name, n]) => [n, name]));

/** A failed call, with the errno's name as `code` (ENOSPC, EPIPE...) like Node's own errors. */
export class SysError extends Error {
  readonly code: string;
  constructor(
    readonly call: string,
    readonly errno: number,
  ) {
    const code = errnoNames.get(errno) ?? `errno ${errno}`;
    super(`${call} failed: ${code}`);
    this.code = code;
  }
}

/**
 * A kernel pipe, both ends close-on-exec so no other child inherits them (a stray writer
 * would keep the reader from ever seeing the end); Bun.spawn dup2()s the one it is given.
 * `size` asks for a bigger buffer (the kernel may grant less; failing that is harmless).
 */
export function osPipe(size?: number): { read: number; write: number } {
  const fds = new Int32Array(2);
  if (must().pipe2(ptr(fds), O_CLOEXEC) !== 0) throw new SysError("pipe2", errno());
  if (size) must().fcntl(fds[0]!, F_SETPIPE_SZ, size);
  return { read: fds[0]!, write: fds[1]! };
}

/** Reads until `length` bytes are in or the input ended; returns how many arrived. */
export function readFull(fd: number, at: Pointer, length: number): number {
  const c = must();
  let got = 0;
  while (got < length) {
    const n = Number(c.read(fd, (at + got) as Pointer, length - got));
    if (n === 0) break;
    if (n < 0) {
      const e = errno();
      if (e === EINTR) continue;
      throw new SysError("read", e);
    }
    got += n;
  }
  return got;
}

export function writeFull(fd: number, at: Pointer, length: number): void {
  const c = must();
  let done = 0;
  while (done < length) {
    const n = Number(c.write(fd, (at + done) as Pointer, length - done));
    if (n < 0) {
      const e = errno();
      if (e === EINTR) continue;
      throw new SysError("write", e);
    }
    done += n;
  }
}

/**
 * Has the kernel kill this process when the process that started it dies (SIGKILLed panel):
 * a helper left running would go on writing a backup nobody will finish. `parent` is the pid
 * the parent itself sent: if we were already handed to another, it is gone and we exit.
 */
export function dieWithParent(parent: number): void {
  const c = must();
  c.prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (c.getppid() !== parent) process.exit(1);
}
