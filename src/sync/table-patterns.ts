// Table patterns of sync rules (truncate_tables, exclude_tables): plain names, or names with
// `*` standing for any run of characters ("wp_statistics_*"). Matching is case-sensitive,
// as the engines' table names are on Linux; anything else in a pattern is refused, so a
// pattern can never smuggle in SQL or a dump tool's option.
import { invalid } from "../lib/errors.ts";

const PATTERN = /^[A-Za-z0-9_$*]{1,128}$/;

/** Throws invalid "table_pattern_invalid" naming the first bad pattern. */
export function assertTablePatterns(patterns: readonly string[]): void {
  for (const p of patterns) {
    if (typeof p !== "string" || !PATTERN.test(p)) {
      throw invalid("table_pattern_invalid", `"${String(p)}" is not a table pattern: letters, digits, "_", "$" and "*" (any characters) only.`, { pattern: p });
    }
  }
}

function compile(pattern: string): RegExp {
  // Only `$` needs escaping among the allowed characters; `*` becomes "any run".
  const body = pattern.split("*").map((part) => part.replaceAll("$", "\\$")).join(".*");
  return new RegExp(`^${body}$`);
}

/** The names matching at least one pattern, in the order of `names`. Checks the patterns first. */
export function matchTables(names: readonly string[], patterns: readonly string[]): string[] {
  assertTablePatterns(patterns);
  if (patterns.length === 0) return [];
  const res = patterns.map(compile);
  return names.filter((n) => res.some((re) => re.test(n)));
}
