// Search patterns and log text, shared as is by the panel, the agent and the browser's log
// viewer (which imports this file directly), so all three refuse and highlight alike.
// Imports nothing on purpose.
export const logLevels = ["error", "warn", "info", "debug"] as const;
export type LogLevel = (typeof logLevels)[number];

// The same escapes the UI's ANSI renderer consumes (ui/src/lib/ansi.ts), so match positions
// computed on the stripped text line up with the characters the viewer shows.
const ESCAPES = /\u001b\[([0-9;?]*)([A-Za-z])|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[()][A-Za-z0-9]|\r/g;

/** A line as the viewer shows it: without colour and cursor escapes (matching, downloads). */
export const stripAnsi = (s: string): string => (s.includes("\u001b") || s.includes("\r") ? s.replace(ESCAPES, "") : s);

/** Longer patterns are refused: they are where catastrophic backtracking hides. */
export const MAX_PATTERN = 256;

// A quantified group that itself contains a quantifier, like (a+)+ or (\w*)*: the classic
// exponential pattern. Backreferences and lookbehinds are fine; only this shape is refused.
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]/;

/** The search as a global RegExp; plain text is escaped so it matches literally. Throws on a bad regex. */
export function compilePattern(pattern: string, regex: boolean, caseSensitive: boolean): RegExp {
  const source = regex ? pattern : pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(source, caseSensitive ? "g" : "gi");
}

/** Why a pattern cannot be used, in the engine's own words when it does not compile; null when fine. */
export function patternProblem(pattern: string, regex: boolean, caseSensitive = false): string | null {
  if (pattern.length > MAX_PATTERN) return `The search text is longer than ${MAX_PATTERN} characters.`;
  if (!regex) return null;
  try {
    compilePattern(pattern, true, caseSensitive);
  } catch (err) {
    return (err as Error).message;
  }
  if (NESTED_QUANTIFIER.test(pattern)) {
    return "Nested quantifiers like (a+)+ can take forever on long lines; rewrite the pattern without a repeated group that repeats inside.";
  }
  return null;
}

