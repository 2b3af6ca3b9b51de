// The per-file listing of a volume or files part: one JSON line per regular file (path, size,
// sha256) or hard link (path, link), in archive order. It is written to a private temporary
// file while the archive streams, so memory stays flat however many files a volume holds,
// then sealed and stored beside the part; the signed manifest records its sha256.
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FileSink } from "bun";
import type { TarEntry } from "./tar-listing.ts";

export type ListedFile =
  | { path: Uint8Array; size: number; sha256: string }
  | { path: Uint8Array; link: Uint8Array };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Names are bytes on Linux: kept as text when they are UTF-8, else as base64 so nothing is lost. */
function named(key: "path" | "link", bytes: Uint8Array): Record<string, string> {
  try {
    return { [key]: utf8.decode(bytes) };
  } catch {
    return { [`${key}64`]: Buffer.from(bytes).toString("base64") };
  }
}

export function listingLine(e: ListedFile): string {
  const rest = "link" in e ? named("link", e.link) : { size: e.size, sha256: e.sha256 };
  return `${JSON.stringify({ ...named("path", e.path), ...rest })}\n`;
}

export function parseListingLine(line: string): ListedFile {
  const o = JSON.parse(line) as Record<string, unknown>;
  const bytes = (key: string): Uint8Array | null => {
    if (typeof o[key] === "string") return new TextEncoder().encode(o[key] as string);
    if (typeof o[`${key}64`] === "string") return new Uint8Array(Buffer.from(o[`${key}64`] as string, "base64"));
    return null;
  };
  const path = bytes("path");
  if (!path) throw new Error("listing line without a path");
  const link = bytes("link");
  if (link) return { path, link };
  if (typeof o.size !== "number" || typeof o.sha256 !== "string") throw new Error("listing line without size and sha256");
  return { path, size: o.size, sha256: o.sha256 };
}

/**
 * A listing in a private temporary file; `file` is its path once `close()` resolved. Entries
 * come through add(), or a helper process writes the file (SyncListing) and the caller sets
 * `count` from what it reports.
 */
export class ListingWriter {
  readonly dir = mkdtempSync(join(tmpdir(), "sk-listing-"));
  readonly file = join(this.dir, "files.jsonl");
  private sink: FileSink | null = null;
  count = 0;
  private ended: Promise<unknown> | null = null;

  add(e: TarEntry): void {
    if (e.type === "other") return;
    this.count++;
    this.sink ??= Bun.file(this.file).writer({ highWaterMark: 256 * 1024 });
    this.sink.write(listingLine(e.type === "file" ? e : { path: e.path, link: e.link }));
  }

  async close(): Promise<void> {
    this.ended ??= Promise.resolve(this.sink?.end());
    await this.ended;
    if (!existsSync(this.file)) writeFileSync(this.file, "", { mode: 0o600 }); // nothing listed
  }

  /** Removes the temporary file, whether or not the listing was completed. */
  async remove(): Promise<void> {
    this.ended ??= Promise.resolve(this.sink?.end());
    await this.ended.catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The same lines written synchronously, in 64 KiB batches, by a process that blocks anyway (seal-helper.ts). */
export class SyncListing {
  private readonly fd: number;
  private batch = "";
  count = 0;

  constructor(file: string) {
    this.fd = openSync(file, "wx", 0o600);
  }

  add(e: TarEntry): void {
    if (e.type === "other") return;
    this.count++;
    this.batch += listingLine(e.type === "file" ? e : { path: e.path, link: e.link });
    if (this.batch.length >= 64 * 1024) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.batch) writeSync(this.fd, this.batch);
    this.batch = "";
  }
}

/** Lines of a text stream, one at a time, without holding more than one line and one chunk. */
export async function* linesOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of stream) {
    rest += decoder.decode(chunk, { stream: true });
    let nl = rest.indexOf("\n");
    while (nl >= 0) {
      const line = rest.slice(0, nl);
      rest = rest.slice(nl + 1);
      if (line) yield line;
      nl = rest.indexOf("\n");
    }
  }
  rest += decoder.decode();
  if (rest) yield rest;
}
