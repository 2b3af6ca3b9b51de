// A log search as the API takes it (text, regex, levels, time range, limit) turned into the
// arguments of containers.logs.search. Bad input is refused here with words a user can act on:
// the regex engine's own message, or what is wrong with the range.
import { invalid } from "../lib/errors.ts";
import { logLevels, MAX_SEARCH_LIMIT, patternProblem, type LogLevel } from "../protocol/index.ts";

export const rangePresets = { "15m": 15 * 60, "1h": 3600, "6h": 6 * 3600, "1d": 86_400, "7d": 7 * 86_400 } as const;
export type RangePreset = keyof typeof rangePresets;

export interface SearchInput {
  q?: string;
  regex?: boolean;
  caseSensitive?: boolean;
  /** "error,warn" */
  levels?: string;
  /** A preset, or "custom" (or nothing) to use since/until. */
  range?: string;
  since?: string;
  until?: string;
  limit?: number;
}

export interface SearchArgs {
  query: string;
  regex: boolean;
  caseSensitive: boolean;
  levels: LogLevel[];
  since?: number;
  until?: number;
  limit: number;
}

/** Nothing a container printed predates Docker; a date before this is a typo. */
const EARLIEST = Date.UTC(2013, 0, 1) / 1000;
/** Clocks disagree a little between panel and servers; a day ahead is already absurd. */
const FUTURE_SLACK = 86_400;

/** Unix seconds ("1714557600", "1714557600.5") or an ISO date. */
export function parseTime(name: string, value: string): number {
  const v = value.trim();
  const t = /^\d+(\.\d+)?$/.test(v) ? Number(v) : Date.parse(v) / 1000;
  if (!Number.isFinite(t)) throw invalid("invalid_range", `"${name}" must be unix seconds or an ISO date, not "${value}".`);
  return t;
}

export function parseLevels(raw: string | undefined): LogLevel[] {
  if (!raw) return [];
  const out = new Set<LogLevel>();
  for (const part of raw.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean)) {
    const level = part === "warning" ? "warn" : part;
    if (!(logLevels as readonly string[]).includes(level)) throw invalid("invalid_level", `Unknown level "${part}": use ${logLevels.join(", ")}.`);
    out.add(level as LogLevel);
  }
  return [...out];
}

export function parseSearch(input: SearchInput, now = Date.now() / 1000): SearchArgs {
  const query = input.q ?? "";
  const regex = input.regex ?? false;
  const caseSensitive = input.caseSensitive ?? false;
  const problem = patternProblem(query, regex, caseSensitive);
  if (problem) throw invalid(regex ? "invalid_regex" : "invalid_query", problem);

  let since: number | undefined;
  let until: number | undefined;
  if (input.range && input.range !== "custom") {
    if (!Object.hasOwn(rangePresets, input.range)) {
      throw invalid("invalid_range", `Unknown range "${input.range}": use ${Object.keys(rangePresets).join(", ")} or custom.`);
    }
    if (input.since || input.until) throw invalid("invalid_range", `Give a range preset or since/until, not both.`);
    since = now - rangePresets[input.range as RangePreset];
  } else {
    if (input.since) since = parseTime("since", input.since);
    if (input.until) until = parseTime("until", input.until);
  }
  for (const [name, t] of [["since", since], ["until", until]] as const) {
    if (t === undefined) continue;
    if (t < EARLIEST) throw invalid("invalid_range", `"${name}" is before 2013: no container log is that old.`);
    if (t > now + FUTURE_SLACK) throw invalid("invalid_range", `"${name}" is in the future.`);
  }
  if (since !== undefined && until !== undefined && since >= until) throw invalid("invalid_range", `"since" must be before "until".`);

  const limit = input.limit ?? 500;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) throw invalid("invalid_limit", `"limit" must be 1 to ${MAX_SEARCH_LIMIT}.`);
  return { query, regex, caseSensitive, levels: parseLevels(input.levels), since, until, limit };
}
