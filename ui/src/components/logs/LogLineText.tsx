import { For, Show } from "solid-js";
import { hasAnsi, parseAnsi } from "../../lib/ansi";
import { markSegments } from "./filter";

const MARK_STYLE = { background: "#e3b341", color: "#0d1117", "border-radius": "2px" };

/** One log line: ANSI colours as styled spans (text nodes, never HTML) and search matches marked. */
export function LogLineText(props: { text: string; matches?: [number, number][] }) {
  const plain = () => !hasAnsi(props.text) && !props.text.includes("\r") && !props.matches?.length;
  const segments = () =>
    markSegments(hasAnsi(props.text) || props.text.includes("\r") ? parseAnsi(props.text) : [{ text: props.text, classes: "" }], props.matches ?? []);
  return (
    <Show when={!plain()} fallback={props.text}>
      <For each={segments()}>
        {(seg) => (
          <Show
            when={seg.mark}
            fallback={
              <span class={seg.classes} style={{ color: seg.color, background: seg.background }}>
                {seg.text}
              </span>
            }
          >
            <mark class={seg.classes} data-testid="log-match" style={MARK_STYLE}>
              {seg.text}
            </mark>
          </Show>
        )}
      </For>
    </Show>
  );
}
