import { createEffect, createSignal, on, onCleanup } from "solid-js";
import { api, errorMessage, type LogRange, type LogSearchResult, type LogSource } from "../../api";
import { patternProblem, type LogFilter } from "./filter";

export interface HistoryQuery extends LogFilter {
  range: LogRange;
  /** datetime-local values (the browser's time zone), for range "custom". */
  from: string;
  to: string;
}

const LIMIT = 1000;
const DEBOUNCE_MS = 300;

const isoOf = (local: string) => (local ? new Date(local).toISOString() : undefined);

/**
 * Filtered history from the server while `query()` is not null: searched again (debounced) as
 * the filter changes, the previous request cancelled. Errors are the API's words.
 */
export function useLogHistory(source: () => LogSource | undefined, query: () => HistoryQuery | null) {
  const [result, setResult] = createSignal<LogSearchResult | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [again, setAgain] = createSignal(0);

  createEffect(
    on([source, query, again], ([src, q]) => {
      if (!src || !q) {
        setResult(null);
        setError(null);
        setLoading(false);
        return;
      }
      const problem = patternProblem(q.q, q.regex, q.caseSensitive);
      if (problem) {
        setError(problem);
        setResult(null);
        return;
      }
      if (q.range === "custom" && (!q.from || !q.to)) {
        setError("Pick both ends of the custom range.");
        setResult(null);
        return;
      }
      const abort = new AbortController();
      const timer = setTimeout(async () => {
        setLoading(true);
        try {
          const r = await api.logs.search(
            src,
            { q: q.q, regex: q.regex, caseSensitive: q.caseSensitive, levels: q.levels, range: q.range, since: isoOf(q.from), until: isoOf(q.to), limit: LIMIT },
            abort.signal,
          );
          setResult(r);
          setError(null);
        } catch (e) {
          if (abort.signal.aborted) return;
          setError(errorMessage(e));
          setResult(null);
        } finally {
          if (!abort.signal.aborted) setLoading(false);
        }
      }, DEBOUNCE_MS);
      onCleanup(() => {
        clearTimeout(timer);
        abort.abort();
      });
    }),
  );

  const exportUrl = () => {
    const src = source();
    const q = query();
    if (!src || !q) return null;
    return api.logs.exportUrl(src, { q: q.q, regex: q.regex, caseSensitive: q.caseSensitive, levels: q.levels, range: q.range, since: isoOf(q.from), until: isoOf(q.to) });
  };

  return { result, error, loading, refresh: () => setAgain((x) => x + 1), exportUrl, limit: LIMIT };
}
