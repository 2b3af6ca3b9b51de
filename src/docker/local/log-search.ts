// containers.logs.search: reads a container's log history from Docker (with its own since/until
// applied by the engine), keeps the lines a search wants and sends only those. Everything held
// is bounded: one line at a time in flight, a ring of at most `limit` lines and 4 MiB of text
// for "newest" searches, and a wall-clock budget after which the search stops and says so.
import type { StreamHandlers } from "../dispatch.ts";
import type { z } from "zod";
import type { LogMatch, LogSearchChunk, logSearchArgs } from "../../protocol/index.ts";
import { openLogs } from "./container-output.ts";
import type { Engine } from "./engine.ts";
import { lineMatcher } from "./log-match.ts";

type SearchStreams = Pick<StreamHandlers, "containers.logs.search">;
type Args = z.infer<typeof logSearchArgs>;

/** Text kept by a "newest" search; older matches go first when more than this matched. */
const RING_BUDGET_CHARS = 4 * 1024 * 1024;
/** What a "newest" search reads: the end of the log first, then all of it if needed. */
const TAIL_WINDOWS = [20_000, "all"] as const;
/** How often (in lines) the clock is read. */
const CLOCK_EVERY = 256;

/** Oldest-first ring of the last `limit` matches within a character budget. */
class Ring {
  private items: LogMatch[] = [];
  private head = 0;
  private chars = 0;
  dropped = false;

  constructor(private readonly limit: number) {}

  push(m: LogMatch): void {
    this.items.push(m);
    this.chars += m.text.length;
    while (this.items.length - this.head > this.limit || (this.chars > RING_BUDGET_CHARS && this.items.length - this.head > 1)) {
      this.chars -= this.items[this.head]!.text.length;
      this.items[this.head++] = undefined as unknown as LogMatch;
      this.dropped = true;
    }
    // Compact now and then so the array does not grow with everything ever pushed.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  lines = (): LogMatch[] => this.items.slice(this.head);
  get size(): number {
    return this.items.length - this.head;
  }
}

export async function* searchLogs(engine: Engine, a: Args, signal: AbortSignal): AsyncIterable<LogSearchChunk> {
  const match = lineMatcher({ query: a.query, regex: a.regex, caseSensitive: a.caseSensitive, levels: a.levels });
  const reading = new AbortController();
  const stop = () => reading.abort();
  signal.addEventListener("abort", stop, { once: true });
  let timedOut = false;
  const deadline = Date.now() + a.budgetMs;
  // Docker may be slow to send anything at all; the clock check below only runs between lines.
  const timer = setTimeout(() => ((timedOut = true), reading.abort()), a.budgetMs);
  let scanned = 0;
  let matched = 0;
  let limited = false;
  let kept: LogMatch[] = [];

  /** Lines of the range (the last `tail` of them), until the budget or `onHit` says stop. */
  async function scan(tail: number | "all", onHit: (hit: LogMatch) => boolean): Promise<number> {
    let seen = 0;
    const lines = await openLogs(engine, { id: a.id, tail, since: a.since, until: a.until, timestamps: true }, false, reading.signal);
    for await (const line of lines) {
      seen++;
      scanned++;
      if (scanned % CLOCK_EVERY === 0 && Date.now() > deadline) {
        timedOut = true;
        break;
      }
      const hit = match(line);
      if (hit && !onHit(hit)) break;
    }
    return seen;
  }

  try {
    if (a.newest) {
      // The newest matches are usually near the end: read the last lines first (Docker can only
      // "tail"), and the whole range only when they hold fewer than `limit` matches (older lines
      // cannot beat them) and did not already cover it. Rereading costs at most the window. When
      // the time runs out, the last finished window is the answer: newest first is the promise.
      let finished = false;
      for (const window of TAIL_WINDOWS) {
        const ring = new Ring(a.limit);
        let found = 0;
        const seen = await scan(window, (hit) => (found++, ring.push(hit), true));
        if (timedOut && finished) break; // a cut-off wider window would show older lines as the newest
        finished = !timedOut;
        kept = ring.lines();
        matched = found;
        limited = ring.dropped;
        const wholeRange = window === "all" || (seen < window && a.until === undefined);
        if (timedOut || ring.size >= a.limit || wholeRange) break;
      }
    } else {
      // Same loop as scan(), inline: a generator cannot yield from inside a callback.
      const lines = await openLogs(engine, { id: a.id, tail: "all", since: a.since, until: a.until, timestamps: true }, false, reading.signal);
      for await (const line of lines) {
        scanned++;
        if (scanned % CLOCK_EVERY === 0 && Date.now() > deadline) {
          timedOut = true;
          break;
        }
        const hit = match(line);
        if (!hit) continue;
        if (++matched > a.limit) {
          limited = true;
          break;
        }
        yield { line: hit };
      }
    }
  } catch (err) {
    if (!timedOut || signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", stop);
    reading.abort(); // stopped early (limit, budget, caller gone): close Docker's response
  }
  for (const line of kept) yield { line };
  yield { done: { scanned, matched, limited, timedOut } };
}

export function logSearchHandlers(engine: Engine): { streams: SearchStreams } {
  return { streams: { "containers.logs.search": (args, signal) => searchLogs(engine, args as Args, signal) } };
}
