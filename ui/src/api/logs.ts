/** Log history search and export (filtered on the server that holds the logs). */
import { API_BASE, http } from "./client";
import type { ContainerLogLine } from "./types-docker";

export type LogLevel = "error" | "warn" | "info" | "debug";
export type LogRange = "15m" | "1h" | "6h" | "1d" | "7d" | "custom";

export interface LogSearchQuery {
  q?: string;
  regex?: boolean;
  caseSensitive?: boolean;
  levels?: LogLevel[];
  range?: LogRange;
  /** ISO dates, with range "custom". */
  since?: string;
  until?: string;
  limit?: number;
}

export interface FoundLogLine extends ContainerLogLine {
  level: LogLevel | null;
  /** [start, end) in the text without ANSI escapes. */
  matches: [number, number][];
  container: string;
}

export interface LogSearchResult {
  lines: FoundLogLine[];
  scanned: number;
  matched: number;
  limited: boolean;
  timedOut: boolean;
}

/** Whose logs: one container, or every container of an app. */
export type LogSource = { server: string; container: string } | { app: number };

const enc = encodeURIComponent;
const base = (s: LogSource) => ("app" in s ? `/apps/${enc(s.app)}/logs` : `/servers/${enc(s.server)}/containers/${enc(s.container)}/logs`);
const params = (q: LogSearchQuery) => ({
  q: q.q || undefined,
  regex: q.regex ? "true" : undefined,
  case: q.caseSensitive ? "true" : undefined,
  levels: q.levels?.length ? q.levels.join(",") : undefined,
  range: q.range,
  since: q.range === "custom" ? q.since : undefined,
  until: q.range === "custom" ? q.until : undefined,
  limit: q.limit,
});

export const logsApi = {
  search: (source: LogSource, q: LogSearchQuery, signal?: AbortSignal) =>
    http.get<LogSearchResult>(`${base(source)}/search`, { query: params(q), signal }),
  /** A plain link: the server streams every matching line as text. */
  exportUrl: (source: LogSource, q: LogSearchQuery) => {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...params(q), limit: undefined })) if (v !== undefined) qs.set(k, String(v));
    const s = qs.toString();
    return `${API_BASE}${base(source)}/export${s ? `?${s}` : ""}`;
  },
};
