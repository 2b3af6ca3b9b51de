// Backups in a folder on this server. Objects are private files (0600 in 0700 folders); a put
// writes `<key>.partial`, fsyncs it, renames it into place and fsyncs the folder, so a crash
// or failure never leaves a file that looks complete.
import type { Dirent } from "node:fs";
import { mkdir, open, readdir, rename, rm, rmdir, stat, writeFile, type FileHandle } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { DomainError, invalid } from "../../lib/errors.ts";
import { notWritable, objectMissing, storageFailed } from "./errors.ts";
import { checkKey, folderOf, PARTIAL_SUFFIX } from "./keys.ts";
import { chunksOf } from "./streams.ts";
import type { BackupStorage, StoredObject } from "./types.ts";

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
const WRITEBACK_EVERY_MS = 200;
const NOT_WRITABLE = new Set(["EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT", "ENOTDIR", "EEXIST", "EISDIR"]);

type FsError = Error & { code?: string };
const codeOf = (err: unknown) => (err as FsError | null)?.code;

export class LocalStorage implements BackupStorage {
  readonly kind = "local" as const;
  readonly label: string;
  private readonly root: string;

  constructor(path: string) {
    this.root = resolve(path);
    this.label = `local ${this.root}`;
  }

  async test(): Promise<void> {
    await this.fs(async () => {
      await mkdir(this.root, { recursive: true, mode: DIR_MODE });
      const probe = join(this.root, `.serverkit-probe-${crypto.randomUUID()}`);
      await writeFile(probe, "serverkit storage probe\n", { mode: FILE_MODE, flag: "wx" });
      await rm(probe);
    });
  }

  async put(key: string, body: ReadableStream<Uint8Array>, opts?: { signal?: AbortSignal }): Promise<number> {
    const chunks = chunksOf(body, opts?.signal);
    try {
      return await this.writeObject(key, async (fh) => {
        let bytes = 0;
        // Body errors and the abort reason come out of chunks as they are; only fs errors are mapped.
        for await (const chunk of chunks) {
          await this.fs(() => writeAll(fh, chunk));
          bytes += chunk.byteLength;
        }
        return bytes;
      });
    } catch (err) {
      await chunks.return(undefined).catch(() => {}); // cancels the body if reading had begun
      if (!body.locked) await body.cancel(err).catch(() => {}); // ...and if it had not, so its producer stops
      throw err;
    }
  }

  /**
   * Lets `fill` write the object through a file descriptor (a child process writing straight
   * into it), with put()'s guarantees: `<key>.partial` until it is fsynced and renamed, removed
   * if `fill` rejects. Errors carrying an errno code (ENOSPC...) become storage errors.
   */
  async putFromFd<T>(key: string, fill: (fd: number) => Promise<T>): Promise<T> {
    return this.writeObject(key, async (fh) => {
      try {
        return await fill(fh.fd);
      } catch (err) {
        const code = codeOf(err);
        if (!(err instanceof DomainError) && code && NOT_WRITABLE.has(code)) throw notWritable(this.label, describe(code, err as Error));
        throw err;
      }
    });
  }

  /** `<key>.partial` opened for `fill`, then fsynced and renamed into place; removed on any failure. */
  private async writeObject<T>(key: string, fill: (fh: FileHandle) => Promise<T>): Promise<T> {
    let partial: string | undefined;
    let fh: FileHandle | undefined;
    try {
      const file = this.pathOf(key);
      partial = file + PARTIAL_SUFFIX;
      fh = await this.fs(async () => {
        await mkdir(dirname(file), { recursive: true, mode: DIR_MODE });
        await rm(partial!, { force: true }); // left by a crash; "wx" below then guarantees our mode
        return open(partial!, "wx", FILE_MODE);
      });
      const result = await withWriteback(fh, fill(fh));
      await this.fs(async () => {
        await fh!.sync();
        await fh!.close();
        fh = undefined;
        await rename(partial!, file);
        await syncDir(dirname(file));
      });
      return result;
    } catch (err) {
      await fh?.close().catch(() => {});
      if (partial) await rm(partial, { force: true }).catch(() => {});
      throw err;
    }
  }

  async get(key: string): Promise<ReadableStream<Uint8Array>> {
    const file = this.pathOf(key);
    const st = await stat(file).catch((err) => (codeOf(err) === "ENOENT" || codeOf(err) === "ENOTDIR" ? null : Promise.reject(err)));
    if (!st?.isFile()) throw objectMissing(key);
    return Bun.file(file).stream();
  }

  async stat(key: string): Promise<{ bytes: number } | null> {
    const st = await stat(this.pathOf(key)).catch((err) => (codeOf(err) === "ENOENT" || codeOf(err) === "ENOTDIR" ? null : Promise.reject(err)));
    return st?.isFile() ? { bytes: st.size } : null;
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const folder = folderOf(prefix);
    const out: StoredObject[] = [];
    for (const file of await this.walk(folder)) {
      if (file.endsWith(PARTIAL_SUFFIX)) continue; // still being written, or left by a crash
      const st = await stat(file).catch(() => null);
      if (st?.isFile()) out.push({ key: this.keyOf(file), bytes: st.size, modifiedAt: Math.round(st.mtimeMs) });
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    await this.fs(() => rm(file, { force: true }));
    await this.pruneEmpty(dirname(file));
  }

  async deletePrefix(prefix: string): Promise<number> {
    const folder = folderOf(prefix);
    if (folder === "") throw invalid("storage_key_invalid", "Refusing to delete everything in backup storage: the prefix is empty.");
    let removed = 0;
    // Partials go too (a crashed backup leaves them), but only whole objects are counted.
    for (const file of await this.walk(folder)) {
      await this.fs(() => rm(file, { force: true }));
      if (!file.endsWith(PARTIAL_SUFFIX)) removed++;
    }
    const dir = join(this.root, folder);
    await rm(dir, { recursive: true, force: true }).catch(() => {}); // the emptied folders
    await this.pruneEmpty(dirname(dir));
    return removed;
  }

  /** Absolute path of a key, refusing anything that would leave the root. */
  private pathOf(key: string): string {
    const path = resolve(this.root, checkKey(key));
    // checkKey already refuses "..": this is the belt to its braces.
    if (!path.startsWith(this.root + sep)) throw invalid("storage_key_invalid", `Storage key "${key}" points outside ${this.root}.`);
    return path;
  }

  private keyOf(file: string): string {
    return relative(this.root, file).split(sep).join("/");
  }

  /** Regular files below a folder ("" = root), recursively; symlinks are not followed. */
  private async walk(folder: string): Promise<string[]> {
    const files: string[] = [];
    const visit = async (dir: string): Promise<void> => {
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (err) {
        if (codeOf(err) === "ENOENT" || codeOf(err) === "ENOTDIR") return;
        throw storageFailed(this.label, (err as Error).message);
      }
      for (const e of entries) {
        const path = join(dir, e.name);
        if (e.isDirectory()) await visit(path);
        else if (e.isFile() && !e.name.startsWith(".serverkit-probe-")) files.push(path);
      }
    };
    await visit(folder === "" ? this.root : this.pathOf(folder.slice(0, -1)));
    return files;
  }

  /** Removes empty folders from `dir` up to (not including) the root. */
  private async pruneEmpty(dir: string): Promise<void> {
    while (dir.startsWith(this.root + sep)) {
      try {
        await rmdir(dir);
      } catch {
        return; // not empty (or already gone): stop climbing
      }
      dir = dirname(dir);
    }
  }

  /** Runs a filesystem step, turning its failures into storage errors a user can read. */
  private async fs<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (err) {
      const code = codeOf(err);
      if (code && NOT_WRITABLE.has(code)) throw notWritable(this.label, describe(code, err as Error));
      throw storageFailed(this.label, (err as Error).message, { code });
    }
  }
}

function describe(code: string, err: Error): string {
  switch (code) {
    case "ENOSPC":
    case "EDQUOT":
      return "the disk is full";
    case "ENOTDIR":
    case "EEXIST":
    case "EISDIR":
      return "a file is in the way where a folder should be";
    default:
      return err.message;
  }
}

async function writeAll(fh: FileHandle, chunk: Uint8Array): Promise<void> {
  for (let off = 0; off < chunk.byteLength; ) {
    const { bytesWritten } = await fh.write(chunk, off, chunk.byteLength - off);
    off += bytesWritten;
  }
}

/**
 * While `writing` runs, flushes what was written so far, one fdatasync after another in
 * libuv's thread pool (never blocking the writer or this thread), so the fsync that makes
 * the object durable at the end finds little left to write. Measured on a 2 GiB volume
 * (bench/backup.ts): that final fsync was ~1 s of a 4.4 s backup.
 */
async function withWriteback<T>(fh: FileHandle, writing: Promise<T>): Promise<T> {
  let done = false;
  const flushing = (async () => {
    while (!done) {
      await Promise.race([Bun.sleep(WRITEBACK_EVERY_MS), writing.catch(() => undefined)]);
      if (!done) await fh.datasync().catch(() => undefined); // the final fsync reports errors
    }
  })();
  try {
    return await writing;
  } finally {
    done = true;
    await flushing;
  }
}

/** fsync a folder so a rename in it survives a power cut. */
async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
