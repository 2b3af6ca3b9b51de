// Directory trees and dumps as zstd-compressed streams, made by the system's tar and zstd:
// they already get ownership, modes, symlinks, hard links, xattrs and odd names right, and
// they stream, so a volume of any size passes through in constant memory.
import { readdir } from "node:fs/promises";
import { DomainError, conflict, invalid } from "../lib/errors.ts";
import { TarScanner, type TarEntry } from "./tar-listing.ts";
import { gcPacer } from "./gc-pacer.ts";
import { feed, guardedOutput, spawnChain, type ToolChain, type ToolFailure } from "./tool-chain.ts";
import { helperResult, helperSecret, sealHelperArgv, type HelperResult } from "./seal-helper.ts";

export interface ArchiveOptions {
  signal?: AbortSignal;
}

export interface ArchiveDirOptions extends ArchiveOptions {
  /**
   * Called for every entry of the uncompressed tar stream as it passes, with each regular
   * file's sha256. It costs a trip of the whole uncompressed stream through this process
   * (tar -> us -> zstd); without it, tar feeds zstd through a kernel pipe (bench/backup.ts).
   */
  onEntry?: (e: TarEntry) => void;
}

// --numeric-owner: a volume's files belong to the container's uids, which mean nothing (or
// someone else) in the host's /etc/passwd; numbers restore them exactly. --xattrs keeps
// file capabilities and SELinux/user attributes. Sockets are skipped by tar (with a note on
// stderr): they are recreated by whatever listens on them.
// tar's default 10 KiB records: with bigger ones (measured: 256 KiB) the zero padding after
// the end marker can outlast the extracting tar, which stops at the marker, and the zstd
// feeding it then dies of a broken pipe.
const TAR_CREATE = ["tar", "--create", "--file=-", "--numeric-owner", "--xattrs"];
// -p and --same-owner restore modes and owners exactly (we run as root); every xattr
// namespace is restored, not only user.*, which is tar's default on extraction.
const TAR_EXTRACT = ["tar", "--extract", "--file=-", "--numeric-owner", "--same-owner", "-p", "--xattrs", "--xattrs-include=*"];
// Level 3 keeps up with a disk on one core; -T0 uses every core when there are several.
const ZSTD_LEVEL = 3;
const ZSTD_COMPRESS = ["zstd", "-q", `-${ZSTD_LEVEL}`, "-T0", "-c"];
// The same zstd run by tar itself (tar splits the words; nothing user-given is in it), so the
// two talk through a kernel pipe rather than through this process.
const TAR_ZSTD = `--use-compress-program=${ZSTD_COMPRESS.slice(0, -1).join(" ")}`;
const ZSTD_DECOMPRESS = ["zstd", "-q", "-d", "-c"];

// GNU tar exits 1 when a file changed while it was read (a running app writing its logs or
// database files). The archive is still complete; plans that need a quiet copy stop the app
// (`stopApp`). Any other status, or 1 for another reason, is a failure.
const fileChanged = (r: { tool: string; exit: number | null; stderr: string }) =>
  r.tool === "tar" && r.exit === 1 && /changed as we read it|file shrank/i.test(r.stderr) && !/Cannot|Error/.test(r.stderr);

/** A tar of `dir` (its contents, with "." as the root), zstd-compressed. `done` rejects with the failing tool's stderr. */
export function archiveDir(dir: string, opts: ArchiveDirOptions = {}): { stream: ReadableStream<Uint8Array>; done: Promise<void> } {
  if (opts.signal?.aborted) throw cancelled();
  const tar = [...TAR_CREATE, "--directory", dir, "."];
  const scan = opts.onEntry ? scanning(opts.onEntry) : null;
  const chain = scan
    ? spawnChain([tar, ZSTD_COMPRESS], { stdin: "ignore", stdout: "pipe", tolerate: fileChanged, between: scan.stream })
    : spawnChain([[...tar.slice(0, 2), TAR_ZSTD, ...tar.slice(2)]], { stdin: "ignore", stdout: "pipe", tolerate: fileChanged });
  const unhook = onAbort(opts.signal, chain);
  const done = chain.failure.then((failure) => {
    unhook();
    if (opts.signal?.aborted) throw cancelled();
    if (failure) throw toolFailed("unavailable", "backup_archive_failed", failure);
    // zstd ends its output cleanly even when the tar stream it was fed was cut: never store that as whole.
    const broken = scan?.problem();
    if (broken) throw new DomainError("unavailable", "backup_archive_failed", `Reading the archive stream failed: ${broken}`);
  });
  done.catch(() => undefined); // also reported through the stream; a caller need not await both
  const stream = guardedOutput(chain.stdout!, done, chain.kill);
  return { stream, done };
}

/**
 * The fast path: `tar | serverkit __seal-part > outFd` through a kernel pipe. The helper lists
 * the files when asked (into `listing`, a new file), compresses with libzstd at zstd's level 3
 * and seals, so the archive's bytes never pass through this process (bench/backup.ts measures
 * it). Needs libcrypto and libzstd (native-seal.ts, native-zstd.ts); `outFd` is a file being
 * written, which the caller fsyncs and renames into place only if this resolves.
 */
export async function archiveDirSealed(
  dir: string,
  outFd: number,
  o: { key: Uint8Array; partId: string; listing?: string; signal?: AbortSignal; self?: string[] },
): Promise<HelperResult> {
  if (o.signal?.aborted) throw cancelled();
  const chain = spawnChain([[...TAR_CREATE, "--directory", dir, "."], sealHelperArgv(o.self)], {
    stdin: "ignore",
    stdout: outFd,
    kernelPipes: true,
    names: ["tar", "sealing"],
    secretForLast: helperSecret({ key: o.key, partId: o.partId, zstdLevel: ZSTD_LEVEL, listing: o.listing }),
    tolerate: fileChanged,
  });
  const unhook = onAbort(o.signal, chain);
  const [failure, stderr] = await Promise.all([chain.failure, chain.stderr]);
  unhook();
  if (o.signal?.aborted) throw cancelled();
  if (failure?.tool === "sealing") {
    const errno = /failed: (E[A-Z]+)/.exec(failure.message)?.[1];
    // With an errno (ENOSPC...) it is the storage's failure: the caller maps it (LocalStorage.putFromFd).
    if (errno) throw Object.assign(new Error(failure.message), { code: errno });
  }
  if (failure) throw toolFailed("unavailable", "backup_archive_failed", failure);
  const sealed = helperResult(stderr.at(-1) ?? "");
  if (!sealed) throw new DomainError("unavailable", "backup_archive_failed", "The sealing helper ended without reporting what it wrote.");
  return sealed;
}

/**
 * Unpacks a tar.zst stream into `dir`, which must exist and be empty: a restore never mixes
 * with what is already there. On failure `dir` holds a partial tree for the caller to remove.
 */
export async function extractTo(dir: string, input: ReadableStream<Uint8Array>, opts: ArchiveOptions = {}): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (e) {
    await input.cancel().catch(() => undefined);
    throw invalid("backup_extract_target", `Cannot extract into ${dir}: ${(e as Error).message}`);
  }
  if (entries.length > 0) {
    await input.cancel().catch(() => undefined);
    throw conflict("backup_target_not_empty", `Refusing to extract into ${dir}: it is not empty.`);
  }
  if (opts.signal?.aborted) throw cancelled();

  const chain = spawnChain([ZSTD_DECOMPRESS, [...TAR_EXTRACT, "--directory", dir]], { stdin: "pipe", stdout: "ignore" });
  const unhook = onAbort(opts.signal, chain);
  const fed = await feed(input, chain.stdin!, chain.failure);
  // A broken input (a part failing authentication) must not be passed off as a whole one.
  if (fed.inputError !== undefined) chain.kill();
  const failure = await chain.failure;
  unhook();
  if (fed.inputError !== undefined) throw fed.inputError;
  if (opts.signal?.aborted) throw cancelled();
  if (failure) throw toolFailed("invalid", "backup_extract_failed", failure);
}

/** A pass-through that feeds a TarScanner; problem() says why the stream cannot be trusted, if it cannot. */
function scanning(onEntry: (e: TarEntry) => void): { stream: TransformStream<Uint8Array, Uint8Array>; problem(): string | null } {
  const scanner = new TarScanner(onEntry);
  let error: string | null = null;
  let ended = false;
  const collect = gcPacer();
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      try {
        scanner.push(chunk);
      } catch (e) {
        error = (e as Error).message;
        throw e;
      }
      controller.enqueue(chunk);
      collect(chunk.byteLength); // each chunk read from tar is a fresh buffer
    },
    flush() {
      ended = true;
    },
  });
  return { stream, problem: () => error ?? (!ended || !scanner.complete ? "the tar stream ended before its end marker" : null) };
}

/** zstd -c as a transform pair (for database dumps); the readable side errors if zstd fails. */
export function compressStream(): TransformStream<Uint8Array, Uint8Array> {
  return toolTransform(ZSTD_COMPRESS, "unavailable", "backup_compress_failed");
}

/** zstd -dc as a transform pair; the readable side errors with zstd's message on a damaged stream. */
export function decompressStream(): TransformStream<Uint8Array, Uint8Array> {
  return toolTransform(ZSTD_DECOMPRESS, "invalid", "backup_decompress_failed");
}

function toolTransform(argv: string[], kind: "invalid" | "unavailable", code: string): TransformStream<Uint8Array, Uint8Array> {
  const chain = spawnChain([argv], { stdin: "pipe", stdout: "pipe" });
  const sink = chain.stdin!;
  let abortReason: unknown;
  const done = chain.failure.then((failure) => {
    if (abortReason !== undefined) throw abortReason;
    if (failure) throw toolFailed(kind, code, failure);
  });
  done.catch(() => undefined);
  // When the tool has died, a write fails with a bare EPIPE; its own message says more.
  const explain = async (e: unknown): Promise<never> => {
    chain.kill();
    await done;
    throw e;
  };
  const writable = new WritableStream<Uint8Array>({
    async write(chunk) {
      try {
        sink.write(chunk);
        await sink.flush();
      } catch (e) {
        await explain(e);
      }
    },
    async close() {
      try {
        await sink.end();
      } catch (e) {
        await explain(e);
      }
    },
    abort(reason) {
      abortReason = reason ?? cancelled();
      chain.kill();
    },
  });
  const readable = guardedOutput(chain.stdout!, done, chain.kill);
  // A TransformStream in shape (a writable and a readable), which is all pipeThrough needs.
  return { writable, readable } as TransformStream<Uint8Array, Uint8Array>;
}

function onAbort(signal: AbortSignal | undefined, chain: ToolChain): () => void {
  if (!signal) return () => undefined;
  const stop = () => chain.kill();
  signal.addEventListener("abort", stop, { once: true });
  return () => signal.removeEventListener("abort", stop);
}

const cancelled = () => new DomainError("unavailable", "backup_cancelled", "The backup operation was cancelled.");

function toolFailed(kind: "invalid" | "unavailable", code: string, f: ToolFailure): DomainError {
  return new DomainError(kind, code, `${f.tool} failed: ${f.message}`);
}
