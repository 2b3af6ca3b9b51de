import { createEffect, createMemo, createSignal, For, on, Show } from "solid-js";
import Pause from "lucide-solid/icons/pause";
import Play from "lucide-solid/icons/play";
import Eraser from "lucide-solid/icons/eraser";
import Download from "lucide-solid/icons/download";
import ArrowDownToLine from "lucide-solid/icons/arrow-down-to-line";
import Radio from "lucide-solid/icons/radio";
import type { LogSource } from "../../api";
import type { LogEntry } from "../docker/useContainerLogs";
import { downloadText, downloadUrl } from "../../lib/download";
import { formatTime } from "../../lib/format";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { emptyFilter, lineFilter, patternProblem, stripAnsi } from "./filter";
import { LogLineText } from "./LogLineText";
import { initialSearch, LogSearchBar, type SearchState } from "./LogSearchBar";
import { useLogHistory } from "./useLogHistory";

interface ViewLine {
  n: number;
  ts: string | null;
  stream: "stdout" | "stderr";
  text: string;
  marker?: boolean;
  matches?: [number, number][];
  container?: string;
}

const plural = (n: number, one: string) => `${n.toLocaleString()} ${one}${n === 1 ? "" : "s"}`;

/**
 * Terminal-style log: ANSI colours, follows the end until the user scrolls up (then a pill
 * offers the way back and counts what arrived), pause (freezes the view while lines keep
 * arriving), clear and download. With a `source`, a search bar filters the live tail in the
 * browser, or switches to filtered history searched on the server (any range but Live).
 */
export function LogView(props: {
  lines: LogEntry[];
  onClear: () => void;
  filename: string;
  label: string;
  error?: string | null;
  truncated?: boolean;
  emptyText?: string;
  height?: string;
  source?: LogSource;
}) {
  let box: HTMLDivElement | undefined;
  const [follow, setFollow] = createSignal(true);
  const [seenUpTo, setSeenUpTo] = createSignal(0);
  const [frozen, setFrozen] = createSignal<LogEntry[] | null>(null);
  const [search, setSearch] = createSignal<SearchState>(initialSearch());
  const patch = (p: Partial<SearchState>) => setSearch((s) => ({ ...s, ...p }));

  const historyMode = () => !!props.source && search().range !== "live";
  const history = useLogHistory(
    () => props.source,
    () => {
      const s = search();
      return historyMode() && s.range !== "live" ? { ...s, range: s.range } : null;
    },
  );
  const problem = () => {
    const s = search();
    return patternProblem(s.q, s.regex, s.caseSensitive);
  };

  const lastN = () => props.lines[props.lines.length - 1]?.n ?? 0;
  const live = createMemo<ViewLine[]>(() => {
    const base = frozen() ?? props.lines;
    const s = search();
    if (!props.source || emptyFilter(s)) return base;
    const test = lineFilter(s);
    if (!test) return base; // the pattern is being typed; its problem is shown under the bar
    const out: ViewLine[] = [];
    for (const l of base) {
      if (l.marker) continue;
      const matches = test(l);
      if (matches) out.push({ ...l, matches });
    }
    return out;
  });
  const found = createMemo<ViewLine[]>(() => (history.result()?.lines ?? []).map((l, i) => ({ ...l, n: i })));
  const shown = () => (historyMode() ? found() : live());
  const multiContainer = createMemo(() => new Set(found().map((l) => l.container)).size > 1);
  const unseen = () => (follow() || frozen() || historyMode() ? 0 : Math.max(0, lastN() - seenUpTo()));
  const waiting = () => {
    const f = frozen();
    return f ? Math.max(0, props.lines.length - f.length) : 0;
  };

  const toBottom = () => {
    if (box) box.scrollTop = box.scrollHeight;
  };
  const atBottom = () => !!box && box.scrollHeight - box.scrollTop - box.clientHeight < 24;
  const onScroll = () => {
    const bottom = atBottom();
    if (!bottom && follow()) setSeenUpTo(lastN()); // count what arrives from now on
    setFollow(bottom);
  };
  const jump = () => {
    setFollow(true);
    toBottom();
  };
  createEffect(on([() => shown().length, lastN, historyMode], () => follow() && queueMicrotask(toBottom)));

  const togglePause = () => setFrozen((f) => (f ? null : props.lines.slice()));
  const clear = () => {
    props.onClear();
    if (frozen()) setFrozen([]);
  };
  const download = () => {
    const url = historyMode() ? history.exportUrl() : null;
    if (url) return downloadUrl(url);
    const lines = shown().filter((l) => !l.marker);
    downloadText(props.filename, lines.map((l) => `${l.ts ?? ""} ${l.stream} ${stripAnsi(l.text)}`.trim()).join("\n") + "\n");
  };

  const status = () => {
    if (historyMode()) {
      const r = history.result();
      if (history.loading()) return "Searching…";
      if (!r) return "";
      let text = plural(r.matched, "matching line");
      if (r.limited) text += ` — showing the newest ${r.lines.length.toLocaleString()}`;
      if (r.timedOut) text += " — the search hit its time limit; narrow the range";
      return text;
    }
    if (frozen()) return `Paused${waiting() ? ` — ${plural(waiting(), "new line")}` : ""}`;
    const filtering = !!props.source && !emptyFilter(search()) && !problem();
    const base = filtering ? `${plural(live().length, "matching line")} of ${props.lines.filter((l) => !l.marker).length.toLocaleString()} · ` : "";
    return base + (follow() ? "Following" : "Auto-scroll paused");
  };

  return (
    <div class="space-y-2">
      <Show when={props.source}>
        <LogSearchBar value={search()} onChange={patch} problem={problem() ?? (historyMode() ? history.error() : null)} />
      </Show>
      <div class="flex flex-wrap items-center gap-2">
        <Show
          when={!historyMode()}
          fallback={
            <Button size="sm" onClick={() => patch({ range: "live" })}>
              <Radio class="size-3.5" aria-hidden="true" /> Back to live
            </Button>
          }
        >
          <Button size="sm" onClick={togglePause} aria-pressed={!!frozen()}>
            <Show when={frozen()} fallback={<><Pause class="size-3.5" aria-hidden="true" /> Pause</>}>
              <Play class="size-3.5" aria-hidden="true" /> Resume
            </Show>
          </Button>
          <Button size="sm" onClick={clear}>
            <Eraser class="size-3.5" aria-hidden="true" /> Clear
          </Button>
        </Show>
        <Button size="sm" onClick={download} disabled={shown().length === 0} title={historyMode() ? "Every matching line in the range, as text" : "The lines shown, as text"}>
          <Download class="size-3.5" aria-hidden="true" /> Download
        </Button>
        <span class="ml-auto text-[12px] text-muted" aria-live="polite" data-testid="log-status">
          {status()}
        </span>
      </div>
      <ErrorAlert message={props.error} />
      <div class="relative">
        <div
          ref={box}
          onScroll={onScroll}
          role="log"
          aria-label={props.label}
          aria-live="off"
          tabindex="0"
          data-testid="log-view"
          class="log-panel overflow-auto rounded-md p-3 font-mono text-[12px] leading-[1.55] ring-1 ring-line"
          style={{ height: props.height ?? "28rem" }}
        >
          <Show when={props.truncated && !historyMode()}>
            <p class="ansi-fg-8">… earlier lines dropped …</p>
          </Show>
          <Show
            when={shown().length > 0}
            fallback={
              <p class="ansi-fg-8">
                {historyMode() ? (history.loading() ? "Searching…" : "No matching lines in this range.") : !emptyFilter(search()) && props.lines.length ? "No live line matches." : (props.emptyText ?? "Waiting for output…")}
              </p>
            }
          >
            <For each={shown()}>
              {(line) => (
                <div
                  data-testid="log-line"
                  class="flex gap-3 whitespace-pre-wrap break-all"
                  classList={{ "log-stderr": line.stream === "stderr" && !line.marker, "ansi-fg-8 italic": !!line.marker }}
                >
                  <span class="ansi-fg-8 shrink-0 select-none">{formatTime(line.ts)}</span>
                  <Show when={multiContainer() && line.container}>
                    <span class="ansi-fg-6 shrink-0 select-none">{line.container}</span>
                  </Show>
                  <span class="min-w-0">
                    <LogLineText text={line.text} matches={line.matches} />
                  </span>
                </div>
              )}
            </For>
          </Show>
        </div>
        <Show when={!follow() && !frozen() && !historyMode()}>
          <Button size="sm" variant="primary" class="absolute bottom-3 right-5 shadow-pop" onClick={jump} data-testid="log-jump">
            <ArrowDownToLine class="size-3.5" aria-hidden="true" /> Jump to bottom
            <Show when={unseen() > 0}>{` · ${plural(unseen(), "new line")}`}</Show>
          </Button>
        </Show>
      </div>
    </div>
  );
}
