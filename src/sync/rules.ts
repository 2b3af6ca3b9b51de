// Search-replace rules: the pairs a user gives, checked, and expanded into the forms the
// same text takes inside stored data (JSON with escaped slashes, URL-encoded query strings).
import { invalid } from "../lib/errors.ts";

export interface SearchReplacePair {
  search: string;
  replace: string;
}

/** One literal to find and what to put instead. */
export interface Needle {
  search: string;
  replace: string;
  /**
   * The search is a URL ending in its host (scheme://host[:port]): a match followed by more
   * hostname ("https://www.site.com.evil.org", "https://www.site.community") is a different
   * site and is left alone. Other searches are plain substrings, as WordPress tools do.
   */
  hostEnd: boolean;
  /** Same UTF-8 length: safe even inside serialized data we could not parse. */
  sameBytes: boolean;
}

/** Shorter searches would rewrite half the database ("a" -> "b"). */
export const MIN_SEARCH_LENGTH = 4;

const URL_TO_HOST = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+$/i;
const byteLength = (s: string) => Buffer.byteLength(s, "utf8");

/** Checks the pairs and returns every needle to apply, in order; throws invalid "search_replace_invalid". */
export function compileRules(pairs: readonly SearchReplacePair[]): Needle[] {
  if (pairs.length === 0) throw invalid("search_replace_invalid", "Give at least one search/replace pair.");
  const needles: Needle[] = [];
  const add = (search: string, replace: string, hostEnd: boolean) => {
    if (search === replace || needles.some((n) => n.search === search)) return;
    needles.push({ search, replace, hostEnd, sameBytes: byteLength(search) === byteLength(replace) });
  };
  for (const { search, replace } of pairs) {
    if (search.length < MIN_SEARCH_LENGTH) {
      throw invalid("search_replace_invalid", `The search "${search}" is too short: at least ${MIN_SEARCH_LENGTH} characters, or it would rewrite unrelated text.`);
    }
    if (/[\u0000-\u001f]/.test(search + replace)) {
      throw invalid("search_replace_invalid", "Search and replace strings cannot contain control characters.");
    }
    const hostEnd = URL_TO_HOST.test(search);
    add(search, replace, hostEnd);
    // JSON (Gutenberg block attributes, REST caches) writes "/" as "\/".
    if (search.includes("/")) add(search.replaceAll("/", "\\/"), replace.replaceAll("/", "\\/"), hostEnd);
    // Links inside query strings (?redirect_to=https%3A%2F%2F...).
    add(encodeURIComponent(search), encodeURIComponent(replace), hostEnd);
  }
  return needles;
}
