// Hands a long-idle process's start-up pages back to the page cache. A compiled Bun binary
// touches ~40 MiB of its own code and read-only data while it starts, connects and answers its
// first commands, and those pages stay in the process's resident set for as long as it lives,
// although an idle agent runs a small fraction of them. The kernel would drop them only under
// memory pressure; we drop them ourselves when the agent goes quiet, so `ps`/`top` show what
// it actually uses. What is needed again faults back in from the page cache (a minor fault,
// no disk read, microseconds).
//
// Only read-only, file-backed private mappings whose pages all still match the file
// (smaps "Anonymous: 0 kB") are touched: for those MADV_DONTNEED only unmaps pages that will
// read back identical. Writable mappings, the heap, JIT code and relocated (RELRO) data, whose
// pages differ from the file, are never touched. Linux only; anywhere else, or if the libc
// call cannot be bound, trimming is skipped.
import { readFileSync } from "node:fs";

const MADV_DONTNEED = 4;

export interface TrimResult {
  mappings: number;
  /** Resident KiB of the process before and after. */
  beforeKiB: number;
  afterKiB: number;
}

type Madvise = (addr: bigint, len: bigint, advice: number) => number;
let madvise: Madvise | null | undefined;

async function bind(): Promise<Madvise | null> {
  if (madvise !== undefined) return madvise;
  madvise = null;
  if (process.platform !== "linux") return null;
  try {
    const { dlopen, FFIType } = await import("bun:ffi");
    const libc = dlopen("libc.so.6", { madvise: { args: [FFIType.u64, FFIType.u64, FFIType.i32], returns: FFIType.i32 } });
    madvise = (addr, len, advice) => libc.symbols.madvise(addr, len, advice) as number;
  } catch {
    madvise = null; // no FFI on this build or no glibc: trimming is an optimisation, not a duty
  }
  return madvise;
}

/** The mappings that are safe to drop: read-only, backed by a file, and every page unmodified. */
export function droppableMappings(smaps: string): { start: bigint; end: bigint }[] {
  const out: { start: bigint; end: bigint }[] = [];
  let current: { start: bigint; end: bigint; eligible: boolean } | null = null;
  const close = (anonymousKiB: number) => {
    if (current?.eligible && anonymousKiB === 0) out.push({ start: current.start, end: current.end });
    current = null;
  };
  for (const line of smaps.split("\n")) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) \S+ \S+ (\d+)\s*(.*)$/.exec(line);
    if (head) {
      const [, start, end, perms, inode, path] = head;
      // r-xp / r--p: private, never writable. A real file (inode != 0, absolute path, not deleted).
      const eligible = (perms === "r-xp" || perms === "r--p") && inode !== "0" && path!.startsWith("/") && !path!.endsWith("(deleted)");
      current = { start: BigInt(`0x${start}`), end: BigInt(`0x${end}`), eligible };
      continue;
    }
    const anon = /^Anonymous:\s+(\d+) kB/.exec(line);
    if (anon && current) close(Number(anon[1]));
  }
  return out;
}

const rssKiB = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0);

/** Drops the clean file-backed pages of this process from its resident set; null where it cannot. */
export async function trimWorkingSet(): Promise<TrimResult | null> {
  const advise = await bind();
  if (!advise) return null;
  const beforeKiB = rssKiB();
  let mappings = 0;
  for (const m of droppableMappings(readFileSync("/proc/self/smaps", "utf8"))) {
    if (advise(m.start, m.end - m.start, MADV_DONTNEED) === 0) mappings++;
  }
  return { mappings, beforeKiB, afterKiB: rssKiB() };
}

/**
 * Quiet for 10 s, and at most once a minute: the panel's metrics poll every server every 30 s
 * by default, and trimming after every poll would only fault the same pages back in.
 */
const QUIET_MS = 10_000;
const MIN_GAP_MS = 60_000;

/**
 * Trims once the process has been quiet for `quietMs` (default 10 s) after activity, at most
 * once per `minGapMs` (default a minute). `touch()` marks activity (a request, a command, a
 * (re)connection); it only stores a time, so it is cheap enough to call on every request.
 */
export function idleTrimmer(o: {
  quietMs?: number;
  minGapMs?: number;
  checkMs?: number;
  /** Trim every minGapMs while quiet even without new activity: background work (metrics rounds) touches pages too. */
  periodic?: boolean;
  onTrim?: (r: TrimResult) => void;
}): { touch(): void; stop(): void } {
  const quietMs = o.quietMs ?? QUIET_MS;
  const minGapMs = o.minGapMs ?? MIN_GAP_MS;
  let lastActivity = Date.now();
  let dirty = false; // activity since the last trim
  let lastTrim = -Infinity;
  let running = false;
  const check = () => {
    const now = Date.now();
    if ((!dirty && !o.periodic) || running || now - lastActivity < quietMs || now - lastTrim < minGapMs) return;
    dirty = false;
    lastTrim = now;
    running = true;
    Bun.gc(true); // the heap's garbage too, while nothing is happening
    void trimWorkingSet()
      .then((r) => r && o.onTrim?.(r))
      .catch(() => undefined)
      .finally(() => (running = false));
  };
  const timer = setInterval(check, o.checkMs ?? Math.min(quietMs, 5_000));
  timer.unref?.();
  return {
    touch() {
      lastActivity = Date.now();
      dirty = true;
    },
    stop: () => clearInterval(timer),
  };
}
