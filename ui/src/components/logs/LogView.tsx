import { createEffect, createSignal, For, on, Show } from "solid-js";
import Pause from "lucide-solid/icons/pause";
import Play from "lucide-solid/icons/play";
import Eraser from "lucide-solid/icons/eraser";
import Download from "lucide-solid/icons/download";
import ArrowDownToLine from "lucide-solid/icons/arrow-down-to-line";
import type { LogEntry } from "../docker/useContainerLogs";
import { stripAnsi } from "../../lib/ansi";
import { downloadText } from "../../lib/download";
import { formatTime } from "../../lib/format";
import { LineText } from "../jobs/JobLog";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";

/**
 * Terminal-style live log: ANSI colours, follows the end until the user scrolls up, pause
 * (freezes the view while lines keep arriving), clear and download.
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
}) {
  let box: HTMLDivElement | undefined;
  const [follow, setFollow] = createSignal(true);
  const [frozen, setFrozen] = createSignal<LogEntry[] | null>(null);
  const shown = () => frozen() ?? props.lines;
  const waiting = () => {
    const f = frozen();
    return f ? Math.max(0, props.lines.length - f.length) : 0;
  };

  const toBottom = () => {
    if (box) box.scrollTop = box.scrollHeight;
  };
  const onScroll = () => {
    if (box) setFollow(box.scrollHeight - box.scrollTop - box.clientHeight < 24);
  };
  createEffect(on(() => shown().length, () => follow() && queueMicrotask(toBottom)));

  const togglePause = () => setFrozen((f) => (f ? null : props.lines.slice()));
  const clear = () => {
    props.onClear();
    if (frozen()) setFrozen([]);
  };
  const download = () =>
    downloadText(
      props.filename,
      props.lines.filter((l) => !l.marker).map((l) => `${l.ts ?? ""} ${l.stream} ${stripAnsi(l.text)}`.trim()).join("\n") + "\n",
    );

  return (
    <div class="space-y-2">
      <div class="flex flex-wrap items-center gap-2">
        <Button size="sm" onClick={togglePause} aria-pressed={!!frozen()}>
          <Show when={frozen()} fallback={<><Pause class="size-3.5" aria-hidden="true" /> Pause</>}>
            <Play class="size-3.5" aria-hidden="true" /> Resume
          </Show>
        </Button>
        <Button size="sm" onClick={clear}>
          <Eraser class="size-3.5" aria-hidden="true" /> Clear
        </Button>
        <Button size="sm" onClick={download} disabled={props.lines.length === 0}>
          <Download class="size-3.5" aria-hidden="true" /> Download
        </Button>
        <span class="ml-auto text-[12px] text-muted" aria-live="polite">
          <Show when={frozen()} fallback={follow() ? "Following" : "Auto-scroll paused"}>
            Paused{waiting() ? ` — ${waiting()} new line${waiting() === 1 ? "" : "s"}` : ""}
          </Show>
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
          <Show when={props.truncated}>
            <p class="ansi-fg-8">… earlier lines dropped …</p>
          </Show>
          <Show when={shown().length > 0} fallback={<p class="ansi-fg-8">{props.emptyText ?? "Waiting for output…"}</p>}>
            <For each={shown()}>
              {(line) => (
                <div
                  class="flex gap-3 whitespace-pre-wrap break-all"
                  classList={{ "log-stderr": line.stream === "stderr" && !line.marker, "ansi-fg-8 italic": !!line.marker }}
                >
                  <span class="ansi-fg-8 shrink-0 select-none">{formatTime(line.ts)}</span>
                  <span class="min-w-0">
                    <LineText text={line.text} />
                  </span>
                </div>
              )}
            </For>
          </Show>
        </div>
        <Show when={!follow() && !frozen()}>
          <Button
            size="sm"
            variant="primary"
            class="absolute bottom-3 right-5 shadow-pop"
            onClick={() => {
              setFollow(true);
              toBottom();
            }}
          >
            <ArrowDownToLine class="size-3.5" aria-hidden="true" /> Jump to latest
          </Button>
        </Show>
      </div>
    </div>
  );
}
