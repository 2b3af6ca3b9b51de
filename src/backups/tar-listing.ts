// Reads a tar stream as it passes (between tar and zstd) and reports every regular file's
// path, size and sha256, so a backup can list what it holds without reading the files twice
// and a drill can check each restored file. Only what the listing needs is parsed: ustar and
// GNU headers, pax extended headers (path, linkpath, size) and GNU long names; file bodies are
// hashed in place, never copied or held.
import { createHash, type Hash } from "node:crypto";

const BLOCK = 512;

export type TarEntry =
  /** A regular file with its content's size and sha256. */
  | { type: "file"; path: Uint8Array; size: number; sha256: string }
  /** A hard link: same content as `link`, which came earlier in the archive. */
  | { type: "hardlink"; path: Uint8Array; link: Uint8Array }
  /** Anything else (directory, symlink, FIFO, device): named only so tests can see it was skipped. */
  | { type: "other"; path: Uint8Array; flag: string };

interface Pending {
  path?: Uint8Array;
  linkpath?: Uint8Array;
  size?: number;
}

/** Parses a tar byte stream fed in arbitrary pieces; `onEntry` is called as each entry completes. */
export class TarScanner {
  private readonly header = new Uint8Array(BLOCK);
  private headerFill = 0;
  /** Body bytes still to come for the current entry, then its padding to a block. */
  private remaining = 0;
  private padding = 0;
  private hash: Hash | null = null;
  /** Collects an extended header's body (pax or GNU long name); bounded below. */
  private meta: { kind: "x" | "g" | "L" | "K"; bytes: Uint8Array; fill: number } | null = null;
  private current: { path: Uint8Array; size: number } | null = null;
  private next: Pending = {};
  private ended = false;

  constructor(private readonly onEntry: (e: TarEntry) => void) {}

  push(chunk: Uint8Array): void {
    let off = 0;
    while (off < chunk.byteLength && !this.ended) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.byteLength - off);
        const piece = chunk.subarray(off, off + n);
        if (this.hash) this.hash.update(piece);
        else if (this.meta) {
          this.meta.bytes.set(piece, this.meta.fill);
          this.meta.fill += n;
        }
        this.remaining -= n;
        off += n;
        if (this.remaining === 0) this.bodyDone();
        continue;
      }
      if (this.padding > 0) {
        const n = Math.min(this.padding, chunk.byteLength - off);
        this.padding -= n;
        off += n;
        continue;
      }
      const n = Math.min(BLOCK - this.headerFill, chunk.byteLength - off);
      this.header.set(chunk.subarray(off, off + n), this.headerFill);
      this.headerFill += n;
      off += n;
      if (this.headerFill === BLOCK) {
        this.headerFill = 0;
        this.onHeader(this.header);
      }
    }
  }

  /** True once the end-of-archive marker was seen; a stream that ends before it is cut short. */
  get complete(): boolean {
    return this.ended;
  }

  private onHeader(h: Uint8Array): void {
    if (h.every((b) => b === 0)) {
      // The first of the two zero blocks ending an archive; what follows is record padding.
      this.ended = true;
      return;
    }
    if (!checksumOk(h)) throw new Error("tar stream: bad header checksum");
    const flag = String.fromCharCode(h[156]!);
    const meta = flag === "x" || flag === "g" || flag === "L" || flag === "K";
    // A pax "size" overrides the header's (files of 8 GiB and more) for the entry it precedes.
    const size = (meta ? undefined : this.next.size) ?? numeric(h.subarray(124, 136));
    this.remaining = size;
    this.padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (meta) {
      // pax records are short (paths, times, xattrs); refusing absurd sizes keeps memory bounded.
      if (size > 16 * 1024 * 1024) throw new Error("tar stream: extended header too large");
      this.meta = { kind: flag as "x" | "g" | "L" | "K", bytes: new Uint8Array(size), fill: 0 };
      if (size === 0) this.bodyDone();
      return;
    }
    const path = this.next.path ?? joinUstarPath(h);
    const link = this.next.linkpath ?? cString(h.subarray(157, 257));
    this.next = {};
    if (flag === "0" || flag === "\0" || flag === "7") {
      this.current = { path: normalise(path), size };
      this.hash = createHash("sha256");
      if (size === 0) this.bodyDone();
    } else {
      if (flag === "1") this.onEntry({ type: "hardlink", path: normalise(path), link: normalise(link) });
      else this.onEntry({ type: "other", path: normalise(path), flag });
      // Other entries carry no listed body (a GNU dump directory or sparse map would): skip it.
      if (size === 0) this.bodyDone();
    }
  }

  private bodyDone(): void {
    if (this.hash && this.current) {
      this.onEntry({ type: "file", path: this.current.path, size: this.current.size, sha256: this.hash.digest("hex") });
      this.hash = null;
      this.current = null;
    } else if (this.meta) {
      const { kind, bytes } = this.meta;
      this.meta = null;
      if (kind === "L") this.next.path = cString(bytes);
      else if (kind === "K") this.next.linkpath = cString(bytes);
      else if (kind === "x") Object.assign(this.next, paxRecords(bytes));
      // "g" (global) records set defaults we do not list: nothing to keep.
    }
  }
}

/** pax records: "<len> <key>=<value>\n", len counting the whole record. */
function paxRecords(bytes: Uint8Array): Pending {
  const out: Pending = {};
  let off = 0;
  while (off < bytes.byteLength) {
    const space = bytes.indexOf(0x20, off);
    if (space < 0) break;
    const len = Number(new TextDecoder().decode(bytes.subarray(off, space)));
    if (!Number.isInteger(len) || len <= 0 || off + len > bytes.byteLength) throw new Error("tar stream: malformed pax record");
    const record = bytes.subarray(space + 1, off + len - 1); // without the trailing newline
    const eq = record.indexOf(0x3d);
    const key = new TextDecoder().decode(record.subarray(0, eq));
    const value = record.subarray(eq + 1);
    if (key === "path") out.path = value.slice();
    else if (key === "linkpath") out.linkpath = value.slice();
    else if (key === "size") out.size = Number(new TextDecoder().decode(value));
    off += len;
  }
  return out;
}

/** ustar splits long paths into prefix (345..500) + name; GNU headers use that space for other things. */
function joinUstarPath(h: Uint8Array): Uint8Array {
  const name = cString(h.subarray(0, 100));
  const posix = h[257] === 0x75 && h[262] === 0 && h[263] === 0x30 && h[264] === 0x30; // "ustar\0" "00"
  const prefix = posix ? cString(h.subarray(345, 500)) : new Uint8Array(0);
  if (prefix.byteLength === 0) return name;
  const joined = new Uint8Array(prefix.byteLength + 1 + name.byteLength);
  joined.set(prefix, 0);
  joined[prefix.byteLength] = 0x2f;
  joined.set(name, prefix.byteLength + 1);
  return joined;
}

/** Octal ASCII, or GNU's base-256 (high bit set) for values that do not fit. */
function numeric(field: Uint8Array): number {
  if (field[0]! & 0x80) {
    let n = field[0]! & 0x7f;
    for (let i = 1; i < field.byteLength; i++) n = n * 256 + field[i]!;
    return n;
  }
  const text = new TextDecoder().decode(cString(field)).trim();
  return text === "" ? 0 : Number.parseInt(text, 8);
}

function checksumOk(h: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  return sum === numeric(h.subarray(148, 156));
}

function cString(field: Uint8Array): Uint8Array {
  const end = field.indexOf(0);
  return field.slice(0, end < 0 ? field.byteLength : end);
}

/** Archives are made of "." so names start with "./": listed relative to the archived folder. */
function normalise(path: Uint8Array): Uint8Array {
  let p = path;
  while (p.byteLength >= 2 && p[0] === 0x2e && p[1] === 0x2f) p = p.subarray(2);
  while (p.byteLength > 0 && p[p.byteLength - 1] === 0x2f) p = p.subarray(0, p.byteLength - 1);
  return p;
}
