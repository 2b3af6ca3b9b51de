/**
 * Filtering and highlighting of log lines in the browser (the live tail). The pattern rules and
 * the level detection are the server's own files, imported as is, so a search finds the same
 * lines live as in history.
 */
import type { AnsiSegment } from "../../lib/ansi";
import { compilePattern, patternProblem, stripAnsi } from "../../../../src/protocol/log-pattern";
import { detectLevel } from "../../../../src/docker/local/log-level";
import type { LogLevel } from "../../api";

export { detectLevel, patternProblem, stripAnsi };

export interface LogFilter {
  q: string;
  regex: boolean;
  caseSensitive: boolean;
  levels: LogLevel[];
}

export const emptyFilter = (f: LogFilter) => !f.q && f.levels.length === 0;

const MAX_RANGES = 64;
// Levels are looked at again on every filter change; a line's text never changes.
const levelCache = new WeakMap<object, LogLevel | null>();
export function levelOf(line: { text: string }): LogLevel | null {
  let level = levelCache.get(line);
  if (level === undefined) levelCache.set(line, (level = detectLevel(stripAnsi(line.text))));
  return level;
}

/** null when the filter cannot run (bad pattern: see patternProblem); else a line -> ranges|null test. */
export function lineFilter(f: LogFilter): ((line: { text: string }) => [number, number][] | null) | null {
  if (patternProblem(f.q, f.regex, f.caseSensitive)) return null;
  const re = f.q ? compilePattern(f.q, f.regex, f.caseSensitive) : null;
  const levels = f.levels.length ? new Set(f.levels) : null;
  return (line) => {
    if (levels) {
      const level = levelOf(line);
      if (!level || !levels.has(level)) return null;
    }
    if (!re) return [];
    const ranges: [number, number][] = [];
    let found = false;
    re.lastIndex = 0;
    for (const m of stripAnsi(line.text).matchAll(re)) {
      found = true;
      if (m[0].length) ranges.push([m.index, m.index + m[0].length]);
      if (ranges.length >= MAX_RANGES) break;
    }
    return found ? ranges : null;
  };
}

export type MarkedSegment = AnsiSegment & { mark: boolean };

/** Cuts ANSI segments (whose texts add up to the stripped line) at the match ranges. */
export function markSegments(segments: AnsiSegment[], ranges: [number, number][]): MarkedSegment[] {
  if (ranges.length === 0) return segments.map((s) => ({ ...s, mark: false }));
  const out: MarkedSegment[] = [];
  let offset = 0;
  for (const seg of segments) {
    const start = offset;
    const end = offset + seg.text.length;
    let at = start;
    for (const [a, b] of ranges) {
      if (b <= at || a >= end) continue;
      const from = Math.max(a, at);
      const to = Math.min(b, end);
      if (from > at) out.push({ ...seg, text: seg.text.slice(at - start, from - start), mark: false });
      out.push({ ...seg, text: seg.text.slice(from - start, to - start), mark: true });
      at = to;
    }
    if (at < end) out.push({ ...seg, text: seg.text.slice(at - start), mark: false });
    offset = end;
  }
  return out;
}
