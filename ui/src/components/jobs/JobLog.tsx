import { createEffect, For, on, Show } from "solid-js";
import type { JobLogLine } from "../../api";
import { formatTime } from "../../lib/format";
import { hasAnsi, parseAnsi } from "../../lib/ansi";

const LEVEL_CLASS: Record<string, string> = {
  error: "ansi-fg-9",
  warn: "ansi-fg-11",
  warning: "ansi-fg-11",
  debug: "ansi-fg-8",
};

export function LineText(props: { text: string }) {
  return (
    <Show when={hasAnsi(props.text)} fallback={props.text}>
      <For each={parseAnsi(props.text)}>
        {(seg) => (
          <span class={seg.classes} style={{ color: seg.color, background: seg.background }}>
            {seg.text}
          </span>
        )}
      </For>
    </Show>
  );
}

/** Live job log. Sticks to the bottom while the user hasn't scrolled up. */
export function JobLog(props: { lines: JobLogLine[]; truncated?: boolean; waiting?: boolean }) {
  let box: HTMLDivElement | undefined;
  let stick = true;

  const onScroll = () => {
    if (!box) return;
    stick = box.scrollHeight - box.scrollTop - box.clientHeight < 24;
  };

  createEffect(
    on(
      () => props.lines.length,
      () => {
        if (box && stick) box.scrollTop = box.scrollHeight;
      },
    ),
  );

  return (
    <div
      ref={box}
      onScroll={onScroll}
      role="log"
      aria-label="Job log"
      tabindex="0"
      class="log-panel h-[22rem] overflow-auto rounded-md p-3 ring-1 ring-line font-mono text-[12px] leading-[1.55]"
    >
      <Show when={props.truncated}>
        <p class="ansi-fg-8">… earlier lines hidden …</p>
      </Show>
      <Show
        when={props.lines.length > 0}
        fallback={<p class="ansi-fg-8">{props.waiting ? "Waiting for output…" : "No log output."}</p>}
      >
        <For each={props.lines}>
          {(line) => (
            <div class={`flex gap-3 whitespace-pre-wrap break-all ${LEVEL_CLASS[line.level] ?? ""}`}>
              <span class="ansi-fg-8 shrink-0 select-none">{formatTime(line.at)}</span>
              <span class="min-w-0">
                <LineText text={line.text} />
              </span>
            </div>
          )}
        </For>
      </Show>
    </div>
  );
}
