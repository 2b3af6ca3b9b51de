// Directory trees and dumps as zstd-compressed streams, made by the system's tar and zstd:
// they already get ownership, modes, symlinks, hard links, xattrs and odd names right, and
// they stream, so a volume of any size passes through in constant memory.
import { readdir } from "node:fs/promises";
import { DomainError, conflict, invalid } from "../lib/errors.ts";
import { TarScanner, type TarEntry } from "./tar-listing.ts";
import { closeFd, osPipe, pipeSource, readUpTo, sourceStream, writeFully, type ByteSource } from "./os-pipe.ts";
import { feed, guardedOutput, spawnChain, type ToolChain, type ToolFailure } from "./tool-chain.ts";

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
const ZSTD_COMPRESS = ["zstd", "-q", "-3", "-T0", "-c"];
// The same zstd run by tar itself (tar splits the words; nothing user-given is in it), so the
// two talk through a kernel pipe rather than through this process.
const TAR_ZSTD = `--use-compress-program=${ZSTD_COMPRESS.slice(0, -1).join(" ")}`;
const ZSTD_DECOMPRESS = ["zstd", "-q", "-d", "-c"];

// GNU tar exits 1 when a file changed while it was read (a running app writing its logs or
// database files). The archive is still complete; plans that need a quiet copy stop the app
// (`stopApp`). Any other status, or 1 for another reason, is a failure.
const fileChanged = (r: { tool: string; exit: number | null; stderr: string }) =>
  r.tool === "tar" && r.exit === 1 && /changed as we read it|file shrank/i.test(r.stderr) && !/Cannot|Error/.test(r.stderr);

/** What archiveDir gives: the compressed tar to read into buffers, or as a stream. */
export interface Archive {
  /** Read into the caller's buffers (no garbage per read): what the backup writer uses. */
  source: ByteSource;
  /** The same bytes as a stream (made on first use; use one or the other). */
  readonly stream: ReadableStream<Uint8Array>;
  /** Rejects with the failing tool's stderr (also thrown by the last read). */
  done: Promise<void>;
}

/** A tar of `dir` (its contents, with "." as the root), zstd-compressed, through kernel pipes (os-pipe.ts). */
export function archiveDir(dir: string, opts: ArchiveDirOptions = {}): Archive {
  if (opts.signal?.aborted) throw cancelled();
  const tar = [...TAR_CREATE, "--directory", dir, "."];
  const scan = opts.onEntry ? new TarScanner(opts.onEntry) : null;
  let chains: ToolChain[] = [];
  let aborted = false;
  const kill = () => {
    aborted = true;
    for (const c of chains) c.kill();
  };
  const started = (async () => {
    const opened: number[] = [];
    try {
      const out = await osPipe();
      opened.push(out.r, out.w);
      if (!scan) {
        chains = [spawnChain([[...tar.slice(0, 2), TAR_ZSTD, ...tar.slice(2)]], { stdin: "ignore", stdout: out.w, tolerate: fileChanged })];
        closeFd(out.w);
        return { fd: out.r, pumped: Promise.resolve<string | null>(null) };
      }
      const raw = await osPipe();
      opened.push(raw.r, raw.w);
      const toZstd = await osPipe();
      opened.push(toZstd.r, toZstd.w);
      chains = [spawnChain([tar], { stdin: "ignore", stdout: raw.w, tolerate: fileChanged }), spawnChain([ZSTD_COMPRESS], { stdin: toZstd.r, stdout: out.w })];
      for (const fd of [raw.w, toZstd.r, out.w]) closeFd(fd);
      return { fd: out.r, pumped: scanThrough(raw.r, toZstd.w, scan) };
    } catch (e) {
      opened.forEach(closeFd);
      throw e;
    } finally {
      if (aborted) for (const c of chains) c.kill();
    }
  })();
  const unhook = onAbort(opts.signal, kill);
  const done = started.then(async ({ pumped }) => {
    // Upstream first: tar's failure cuts zstd's input, not the other way round.
    const failures = await Promise.all(chains.map((c) => c.failure));
    const broken = await pumped;
    unhook();
    if (opts.signal?.aborted) throw cancelled();
    const failure = failures.find((f) => f !== null);
    if (failure) throw toolFailed("unavailable", "backup_archive_failed", failure);
    // zstd ends its output cleanly even when the tar stream it was fed was cut: never store that as whole.
    if (broken) throw new DomainError("unavailable", "backup_archive_failed", `Reading the archive stream failed: ${broken}`);
  });
  done.catch(() => undefined); // also reported through the source; a caller need not await both
  const fd = started.then((s) => s.fd);
  fd.catch(() => undefined);
  let inner: ByteSource | null = null;
  const source: ByteSource = {
    async read(into, offset, length) {
      inner ??= await fd.then((n) => pipeSource(n, done, kill)).catch(async (e) => {
        await done.catch(() => undefined);
        throw e;
      });
      return inner.read(into, offset, length);
    },
    async cancel(reason) {
      kill();
      if (inner) return inner.cancel(reason);
      await fd.then(closeFd, () => undefined);
    },
  };
  let stream: ReadableStream<Uint8Array> | null = null;
  return {
    source,
    get stream() {
      return (stream ??= sourceStream(source));
    },
    done,
  };
}

/**
 * tar's output on its way to zstd, through one reused buffer, each piece shown to the scanner
 * (which hashes in place and keeps nothing). Resolves with why the stream cannot be trusted,
 * or null; both descriptors are closed at the end, which is how zstd learns the input ended.
 */
async function scanThrough(from: number, to: number, scanner: TarScanner): Promise<string | null> {
  const buf = Buffer.allocUnsafe(1024 * 1024);
  let ended = false;
  try {
    for (;;) {
      const n = await readUpTo(from, buf, 0, buf.byteLength);
      if (n === 0) {
        ended = true;
        break;
      }
      const piece = buf.subarray(0, n);
      scanner.push(piece);
      await writeFully(to, piece);
    }
  } catch (e) {
    // A malformed tar (scanner), or zstd gone (EPIPE: its own exit status says why).
    return (e as Error).message;
  } finally {
    closeFd(to);
    closeFd(from);
  }
  return ended && scanner.complete ? null : "the tar stream ended before its end marker";
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
  const unhook = onAbort(opts.signal, chain.kill);
  const fed = await feed(input, chain.stdin!, chain.failure);
  // A broken input (a part failing authentication) must not be passed off as a whole one.
  if (fed.inputError !== undefined) chain.kill();
  const failure = await chain.failure;
  unhook();
  if (fed.inputError !== undefined) throw fed.inputError;
  if (opts.signal?.aborted) throw cancelled();
  if (failure) throw toolFailed("invalid", "backup_extract_failed", failure);
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

function onAbort(signal: AbortSignal | undefined, kill: () => void): () => void {
  if (!signal) return () => undefined;
  const stop = () => kill();
  signal.addEventListener("abort", stop, { once: true });
  return () => signal.removeEventListener("abort", stop);
}

const cancelled = () => new DomainError("unavailable", "backup_cancelled", "The backup operation was cancelled.");

function toolFailed(kind: "invalid" | "unavailable", code: string, f: ToolFailure): DomainError {
  return new DomainError(kind, code, `${f.tool} failed: ${f.message}`);
}
