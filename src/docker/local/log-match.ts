// Deciding whether one log line is wanted by a search, and where the search text sits in it.
// Pure, so the rules are tested without Docker; log-search.ts feeds it Docker's output.
import { compilePattern, stripAnsi, type LogLevel, type LogMatch } from "../../protocol/index.ts";
import type { LogLine } from "../../protocol/index.ts";
import { detectLevel } from "./log-level.ts";

/** Highlights kept per line: a pattern like "." would otherwise list every character. */
const MAX_RANGES = 64;

export interface LineFilter {
  query: string;
  regex: boolean;
  caseSensitive: boolean;
  levels: LogLevel[];
}

/** A function answering the line with its level and match positions when it is wanted, else null. */
export function lineMatcher(f: LineFilter): (line: LogLine) => LogMatch | null {
  const re = f.query ? compilePattern(f.query, f.regex, f.caseSensitive) : null;
  const levels = f.levels.length ? new Set<LogLevel>(f.levels) : null;
  return (line) => {
    const plain = stripAnsi(line.text);
    let level: LogLevel | null = null;
    if (levels) {
      level = detectLevel(plain);
      if (!level || !levels.has(level)) return null;
    }
    const matches: [number, number][] = [];
    if (re) {
      // Most lines do not match: a plain test first is far cheaper than collecting positions.
      re.lastIndex = 0;
      if (!re.test(plain)) return null;
      re.lastIndex = 0;
      for (const m of plain.matchAll(re)) {
        if (m[0].length > 0) matches.push([m.index, m.index + m[0].length]);
        if (matches.length >= MAX_RANGES) break;
      }
    }
    return { ...line, level: levels ? level : detectLevel(plain), matches };
  };
}
