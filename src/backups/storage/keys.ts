// The key language both storages accept. Keys become file paths in local storage, so
// anything that could climb out of the root or be read two ways is refused rather than
// rewritten: two different keys must never land on the same object.
import { invalid } from "../../lib/errors.ts";

/** Suffix local storage uses for objects still being written; no key may end with it. */
export const PARTIAL_SUFFIX = ".partial";
const MAX_KEY_BYTES = 1024; // S3's own limit

const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f\\]/;

/** True for "a/b/c": relative, no "", "." or ".." segments, no backslash or control chars. */
export function isSafeRelativePath(path: string): boolean {
  if (path === "" || path.startsWith("/") || FORBIDDEN_CHARS.test(path)) return false;
  return path.split("/").every((seg) => seg !== "" && seg !== "." && seg !== "..");
}

const badKey = (key: string, why: string) => invalid("storage_key_invalid", `Storage key "${key}" ${why}.`);

/** Returns `key` unchanged when it is a valid object key, throws "storage_key_invalid" otherwise. */
export function checkKey(key: string): string {
  if (typeof key !== "string" || key === "") throw badKey(String(key), "is empty");
  if (new TextEncoder().encode(key).byteLength > MAX_KEY_BYTES) throw badKey(key.slice(0, 40) + "…", `is longer than ${MAX_KEY_BYTES} bytes`);
  if (!isSafeRelativePath(key)) throw badKey(key, 'must be a relative path without "..", "." or empty segments');
  if (key.endsWith(PARTIAL_SUFFIX)) throw badKey(key, `must not end with "${PARTIAL_SUFFIX}"`);
  return key;
}

/**
 * Turns a list/delete prefix into a folder: "" stays "" (everything), "a/b" and "a/b/" both
 * become "a/b/". Throws "storage_key_invalid" for anything that is not a safe relative path.
 */
export function folderOf(prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, "");
  if (trimmed === "") {
    if (prefix !== "") throw badKey(prefix, "is not a folder");
    return "";
  }
  if (!isSafeRelativePath(trimmed)) throw badKey(prefix, 'must be a relative folder without "..", "." or empty segments');
  return `${trimmed}/`;
}
