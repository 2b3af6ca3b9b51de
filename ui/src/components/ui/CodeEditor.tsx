import { createMemo, createUniqueId, For, Show } from "solid-js";

/**
 * Monospace editor for Compose YAML: a plain textarea with a line-number gutter (no heavy editor).
 * Enter keeps the current line's indentation; Tab is left alone so keyboard users can move on.
 */
export function CodeEditor(props: {
  label: string;
  value: string;
  onInput: (v: string) => void;
  hint?: string;
  /** 1-based line numbers to flag in the gutter. */
  errorLines?: number[];
  invalid?: boolean;
  describedBy?: string;
  readOnly?: boolean;
  height?: string;
}) {
  const id = createUniqueId();
  let gutter: HTMLDivElement | undefined;
  const count = createMemo(() => Math.max(1, props.value.split("\n").length));
  const bad = createMemo(() => new Set(props.errorLines ?? []));

  function onKeyDown(e: KeyboardEvent & { currentTarget: HTMLTextAreaElement }) {
    if (e.key !== "Enter" || e.shiftKey || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    const ta = e.currentTarget;
    const before = ta.value.slice(0, ta.selectionStart);
    const line = before.slice(before.lastIndexOf("\n") + 1);
    let indent = /^\s*/.exec(line)?.[0] ?? "";
    if (/:\s*$/.test(line)) indent += "  ";
    if (!indent) return;
    e.preventDefault();
    const text = "\n" + indent;
    // execCommand keeps the browser's undo history; setRangeText is the fallback.
    if (!document.execCommand("insertText", false, text)) {
      ta.setRangeText(text, ta.selectionStart, ta.selectionEnd, "end");
    }
    props.onInput(ta.value);
  }

  return (
    <div>
      <label for={id} class="mb-1 block text-[13px] font-medium">
        {props.label}
      </label>
      <div
        class="flex overflow-hidden rounded-md border bg-surface font-mono text-[12.5px] leading-[1.6] focus-within:outline-2 focus-within:outline-accent"
        classList={{ "border-danger": !!props.invalid, "border-line-strong": !props.invalid }}
        style={{ height: props.height ?? "24rem" }}
      >
        <div class="relative w-11 shrink-0 overflow-hidden border-r border-line bg-surface-2 text-right text-muted select-none" aria-hidden="true">
          <div ref={gutter} class="px-2 py-2">
            <For each={Array.from({ length: count() }, (_, i) => i + 1)}>
              {(n) => <div classList={{ "font-bold text-danger": bad().has(n) }}>{n}</div>}
            </For>
          </div>
        </div>
        <textarea
          id={id}
          class="h-full min-w-0 flex-1 resize-none bg-transparent p-2 whitespace-pre text-fg outline-none"
          wrap="off"
          spellcheck={false}
          autocapitalize="off"
          autocomplete="off"
          readOnly={props.readOnly}
          aria-invalid={props.invalid ? "true" : undefined}
          aria-describedby={[props.hint ? `${id}-hint` : "", props.describedBy ?? ""].join(" ").trim() || undefined}
          value={props.value}
          onInput={(e) => props.onInput(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          onScroll={(e) => {
            if (gutter) gutter.style.transform = `translateY(${-e.currentTarget.scrollTop}px)`;
          }}
        />
      </div>
      <Show when={props.hint}>
        <p id={`${id}-hint`} class="mt-1 text-[12px] text-muted">
          {props.hint}
        </p>
      </Show>
    </div>
  );
}

/** Line numbers mentioned in messages such as "line 12: bad indentation" or "at line 4, column 3". */
export function linesIn(messages: string[]): number[] {
  const out: number[] = [];
  for (const m of messages) for (const x of m.matchAll(/\bline (\d+)/gi)) out.push(Number(x[1]));
  return out;
}
