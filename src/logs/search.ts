// Log history search for one container or every container of an app. The filtering runs on
// the server holding the logs (containers.logs.search); here the answers of an app's
// containers are merged in time order, and exports are streamed line by line as text.
import type { Target } from "../docker/index.ts";
import { MAX_EXPORT_LINES, stripAnsi, type LogMatch, type LogSearchSummary } from "../protocol/index.ts";
import type { SearchArgs } from "./query.ts";

export interface Source {
  target: Target;
  /** Container ids or names. */
  containers: string[];
}

export type FoundLine = LogMatch & { container: string };
export interface SearchResult extends LogSearchSummary {
  lines: FoundLine[];
}

/** Docker reads about 25-30k lines a second on a busy small server: this covers ~500k lines. */
const SEARCH_BUDGET_MS = 20_000;

const byTime = (a: FoundLine, b: FoundLine) => (a.ts ?? "").localeCompare(b.ts ?? "");

async function searchOne(target: Target, container: string, a: SearchArgs, signal?: AbortSignal) {
  const lines: FoundLine[] = [];
  let summary: LogSearchSummary = { scanned: 0, matched: 0, limited: false, timedOut: false };
  for await (const chunk of target.stream("containers.logs.search", { id: container, ...a, newest: true, budgetMs: SEARCH_BUDGET_MS }, signal)) {
    if ("line" in chunk) lines.push({ ...chunk.line, container });
    else summary = chunk.done;
  }
  return { lines, summary };
}

/** The newest `limit` matching lines across the source's containers, oldest first. */
export async function search(src: Source, a: SearchArgs, signal?: AbortSignal): Promise<SearchResult> {
  const parts = await Promise.all(src.containers.map((c) => searchOne(src.target, c, a, signal)));
  let lines = parts.flatMap((p) => p.lines);
  // Docker's RFC 3339 timestamps with nanoseconds compare as text; one container's lines are already in order.
  if (parts.length > 1) lines.sort(byTime);
  const cut = lines.length > a.limit;
  if (cut) lines = lines.slice(lines.length - a.limit);
  return {
    lines,
    scanned: parts.reduce((n, p) => n + p.summary.scanned, 0),
    matched: parts.reduce((n, p) => n + p.summary.matched, 0),
    limited: cut || parts.some((p) => p.summary.limited),
    timedOut: parts.some((p) => p.summary.timedOut),
  };
}

async function* matches(target: Target, container: string, a: SearchArgs, signal: AbortSignal): AsyncGenerator<FoundLine> {
  const stream = target.stream("containers.logs.search", { ...a, id: container, newest: false, limit: MAX_EXPORT_LINES, budgetMs: 120_000 }, signal);
  for await (const chunk of stream) if ("line" in chunk) yield { ...chunk.line, container };
}

/**
 * Every matching line, oldest first, merged across containers by time: one pending line per
 * container is all that is held, whatever the size of the logs.
 */
export async function* exportLines(src: Source, a: SearchArgs, signal: AbortSignal): AsyncGenerator<FoundLine> {
  const heads = await Promise.all(
    src.containers.map(async (c) => {
      const it = matches(src.target, c, a, signal);
      const first = await it.next();
      return { it, next: first.done ? null : first.value };
    }),
  );
  for (;;) {
    let pick: (typeof heads)[number] | undefined;
    for (const h of heads) if (h.next && (!pick || byTime(h.next, pick.next!) < 0)) pick = h;
    if (!pick) return;
    yield pick.next!;
    const n = await pick.it.next();
    pick.next = n.done ? null : n.value;
  }
}

/** One line of an export: "<time> [<container>] <stream> <text without ANSI>". */
export const exportText = (l: FoundLine, withContainer: boolean) =>
  `${l.ts ?? "-"} ${withContainer ? `${l.container} ` : ""}${l.stream} ${stripAnsi(l.text)}\n`;

/**
 * A text download that reads the logs only as fast as the client takes them. The first line is
 * read before answering, so an unknown container is a 404 rather than a broken download.
 */
export async function exportStream(src: Source, a: SearchArgs): Promise<ReadableStream<Uint8Array>> {
  const abort = new AbortController();
  const lines = exportLines(src, a, abort.signal);
  const encoder = new TextEncoder();
  const withContainer = src.containers.length > 1;
  let first: IteratorResult<FoundLine> | null = await lines.next();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const n = first ?? (await lines.next());
          first = null;
          if (n.done) controller.close();
          else controller.enqueue(encoder.encode(exportText(n.value, withContainer)));
        } catch (err) {
          controller.error(err);
        }
      },
      cancel() {
        abort.abort();
        void lines.return(undefined);
      },
    },
    { highWaterMark: 64 },
  );
}
