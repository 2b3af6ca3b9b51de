// A drill's check of an unpacked volume or files part against the listing recorded when it
// was backed up: every listed regular file must be there with the same size and sha256, every
// hard link must share its target's inode. Reads one file at a time; holds no list in memory
// beyond the few names it reports.
import { createHash } from "node:crypto";
import { lstat, open } from "node:fs/promises";
import { linesOf, parseListingLine } from "./file-listing.ts";

export interface FileCheckResult {
  /** Listed entries (files and hard links) looked at. */
  checked: number;
  /** How many were wrong, and the first few of them with why. */
  failed: number;
  problems: string[];
}

const SHOWN = 20;
const READ = 1024 * 1024;

export async function checkListedFiles(root: string, listing: ReadableStream<Uint8Array>): Promise<FileCheckResult> {
  const result: FileCheckResult = { checked: 0, failed: 0, problems: [] };
  const fail = (path: Uint8Array, why: string) => {
    result.failed++;
    if (result.problems.length < SHOWN) result.problems.push(`${show(path)}: ${why}`);
  };
  const buf = Buffer.allocUnsafe(READ);
  for await (const line of linesOf(listing)) {
    const entry = parseListingLine(line);
    result.checked++;
    const path = inside(root, entry.path);
    if (!path) {
      fail(entry.path, "its listed name leaves the unpacked folder");
      continue;
    }
    const st = await lstat(path).catch(() => null);
    if (!st?.isFile()) {
      fail(entry.path, st ? "is no longer a regular file" : "is missing");
      continue;
    }
    if ("link" in entry) {
      const target = inside(root, entry.link);
      const other = target ? await lstat(target).catch(() => null) : null;
      if (!other || other.ino !== st.ino || other.dev !== st.dev) fail(entry.path, `is not a hard link to ${show(entry.link)} any more`);
      continue;
    }
    if (st.size !== entry.size) {
      fail(entry.path, `size ${st.size} bytes, listed ${entry.size}`);
      continue;
    }
    const sha = await sha256Of(path, buf);
    if (sha !== entry.sha256) fail(entry.path, `sha256 ${sha.slice(0, 12)}… differs from the listed ${entry.sha256.slice(0, 12)}…`);
  }
  return result;
}

async function sha256Of(path: Buffer, buf: Buffer): Promise<string> {
  const hash = createHash("sha256");
  const fh = await open(path, "r");
  try {
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  return hash.digest("hex");
}

/** root + "/" + rel as bytes (names need not be UTF-8), refusing absolute names and "..". */
function inside(root: string, rel: Uint8Array): Buffer | null {
  const parts = Buffer.from(rel).toString("latin1").split("/");
  if (rel.byteLength === 0 || rel[0] === 0x2f || parts.includes("..")) return null;
  return Buffer.concat([Buffer.from(`${root}/`), rel]);
}

const show = (path: Uint8Array) => JSON.stringify(new TextDecoder().decode(path));
