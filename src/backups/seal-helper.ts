// The sealing helper: this same executable started as `serverkit __seal-part`, the last tool
// of a backup's chain (tar | helper > part file). It reads the archive on stdin, optionally
// lists its files (path, size, sha256), compresses it with libzstd, seals it
// (native-seal.ts) into stdout, and reports the sealed size and sha256 as the last line of
// its stderr. A process of its own because all this blocks while it runs (the panel must
// not), and Bun's Workers do not run inside a compiled binary on this Bun version. The key
// comes on fd 3, never in argv or the environment, where `ps` and /proc would show it.
import { ptr } from "bun:ffi";
import { readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { runningExecutable } from "../lib/executable.ts";
import { dieWithParent, readFull } from "../lib/libc.ts";
import { SyncListing } from "./file-listing.ts";
import { NativeSealer } from "./native-seal.ts";
import { Compressor } from "./native-zstd.ts";
import type { SealedDigest } from "./seal-pipe.ts";
import { TarScanner } from "./tar-listing.ts";

export const SEAL_COMMAND = "__seal-part";
const RESULT = "SEALED ";
const INPUT_BYTES = 1024 * 1024;

export interface HelperJob {
  key: Uint8Array;
  /** Bound into every chunk's AAD (sealed-stream.ts). */
  partId: string;
  /** zstd level the input is compressed at before sealing. */
  zstdLevel: number;
  /** The input is a tar stream: list its files into this new file (file-listing.ts lines). */
  listing?: string;
  /** The panel's pid: the helper dies with it (dieWithParent). */
  parentPid?: number;
}

export interface HelperResult extends SealedDigest {
  /** Files listed, when a listing was asked for. */
  listed?: number;
}

/**
 * argv that runs the helper: `self` when given (bench/backup.ts: the built binary), else the
 * compiled binary we are, or bun with our entry point from source.
 */
export function sealHelperArgv(self?: string[]): string[] {
  const exe = runningExecutable();
  return [...(self ?? (exe ? [exe] : [process.execPath, join(import.meta.dir, "..", "main.ts")])), SEAL_COMMAND];
}

/** What fd 3 carries. */
export function helperSecret(job: HelperJob): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ ...job, key: Buffer.from(job.key).toString("base64"), parentPid: process.pid }));
}

/** What the helper reported, from its stderr; null when it reported nothing (it failed). */
export function helperResult(stderr: string): HelperResult | null {
  const line = stderr.split("\n").findLast((l) => l.startsWith(RESULT));
  if (!line) return null;
  const r = JSON.parse(line.slice(RESULT.length)) as HelperResult;
  return Number.isSafeInteger(r.bytes) && Number.isSafeInteger(r.plainBytes) && /^[0-9a-f]{64}$/.test(r.sha256) ? r : null;
}

// Written synchronously: the process exits right after, and a buffered write could be lost.
const say = (text: string) => writeSync(2, text);

/** The helper's main: exit status 0 after the result line, 1 with a message otherwise. */
export function runSealHelper(): number {
  let job: HelperJob;
  try {
    const raw = JSON.parse(readFileSync(3, "utf8")) as Record<string, unknown>;
    if (typeof raw.key !== "string" || typeof raw.partId !== "string") throw new Error("it must carry key and partId");
    if (!Number.isInteger(raw.zstdLevel)) throw new Error("zstdLevel must be an integer");
    if (raw.listing !== undefined && typeof raw.listing !== "string") throw new Error("listing must be a path");
    if (raw.parentPid !== undefined && !Number.isInteger(raw.parentPid)) throw new Error("parentPid must be a pid");
    job = { ...(raw as Omit<HelperJob, "key">), key: new Uint8Array(Buffer.from(raw.key, "base64")) };
  } catch (e) {
    say(`bad job on fd 3: ${(e as Error).message}\n`);
    return 1;
  }
  try {
    if (job.parentPid !== undefined) dieWithParent(job.parentPid);
    say(`${RESULT}${JSON.stringify(sealInput(job))}\n`);
    return 0;
  } catch (e) {
    say(`${(e as Error).message}\n`);
    return 1;
  } finally {
    job.key.fill(0);
  }
}

/** stdin -> (listing) -> zstd -> sealed stdout. */
function sealInput(job: HelperJob): HelperResult {
  const sealer = new NativeSealer(1, job.key, job.partId);
  const zstd = new Compressor(job.zstdLevel);
  const listing = job.listing === undefined ? null : new SyncListing(job.listing);
  const scanner = listing ? new TarScanner((e) => listing.add(e)) : null;
  const input = Buffer.allocUnsafe(INPUT_BYTES);
  const inputAt = ptr(input);
  try {
    for (;;) {
      const n = readFull(0, inputAt, INPUT_BYTES);
      if (n === 0) break;
      scanner?.push(input.subarray(0, n));
      zstd.push(inputAt, n, sealer);
    }
    // zstd would end its frame cleanly on a cut tar stream: never seal that as whole.
    if (scanner && !scanner.complete) throw new Error("the tar stream ended before its end marker");
    zstd.end(sealer);
    listing?.close();
    return { ...sealer.finish(), ...(listing ? { listed: listing.count } : {}) };
  } finally {
    zstd.close();
    sealer.close();
  }
}
