import { createSignal, createUniqueId, For, Show } from "solid-js";
import X from "lucide-solid/icons/x";

/**
 * A list of short values as removable chips (table patterns, logins). Enter or comma adds what is
 * typed; Backspace in the empty input removes the last chip. `check` refuses a bad value inline.
 */
export function ChipsInput(props: {
  label: string;
  hint?: string;
  values: string[];
  onChange: (values: string[]) => void;
  placeholder?: string;
  check?: (value: string) => string | null;
  error?: string;
  disabled?: boolean;
  testId?: string;
}) {
  const id = createUniqueId();
  const [draft, setDraft] = createSignal("");
  const [local, setLocal] = createSignal<string | null>(null);
  const message = () => local() ?? props.error ?? null;

  function add(): boolean {
    const parts = draft().split(",").map((s) => s.trim()).filter(Boolean);
    if (!parts.length) return false;
    for (const p of parts) {
      const bad = props.check?.(p);
      if (bad) {
        setLocal(bad);
        return true;
      }
    }
    setLocal(null);
    props.onChange([...props.values, ...parts.filter((p) => !props.values.includes(p))]);
    setDraft("");
    return true;
  }

  return (
    <div data-testid={props.testId}>
      <label for={id} class="mb-1 block text-[13px] font-medium">{props.label}</label>
      <div
        class="flex min-h-9 flex-wrap items-center gap-1 rounded-md border bg-surface px-1.5 py-1 focus-within:outline-2 focus-within:outline-accent"
        classList={{ "border-danger": !!message(), "border-line-strong": !message(), "opacity-60": !!props.disabled }}
      >
        <For each={props.values}>
          {(v) => (
            <span class="inline-flex items-center gap-0.5 rounded bg-surface-2 py-0.5 pl-2 pr-0.5 font-mono text-[12px]">
              {v}
              <button
                type="button"
                class="rounded p-0.5 text-muted hover:bg-line hover:text-fg disabled:hidden"
                aria-label={`Remove ${v}`}
                disabled={props.disabled}
                onClick={() => props.onChange(props.values.filter((x) => x !== v))}
              >
                <X class="size-3" aria-hidden="true" />
              </button>
            </span>
          )}
        </For>
        <input
          id={id}
          class="h-7 min-w-[8rem] flex-1 bg-transparent px-1 font-mono text-[12.5px] outline-none"
          placeholder={props.values.length ? "" : props.placeholder}
          value={draft()}
          disabled={props.disabled}
          autocomplete="off"
          spellcheck={false}
          aria-invalid={message() ? "true" : undefined}
          aria-describedby={`${id}-hint`}
          onInput={(e) => {
            setDraft(e.currentTarget.value);
            setLocal(null);
          }}
          onKeyDown={(e) => {
            if ((e.key === "Enter" || e.key === ",") && draft().trim()) {
              e.preventDefault();
              add();
            } else if (e.key === "Backspace" && !draft() && props.values.length) {
              props.onChange(props.values.slice(0, -1));
            }
          }}
          onBlur={() => add()}
        />
      </div>
      <p id={`${id}-hint`} class="mt-1 text-[12px]" classList={{ "text-danger": !!message(), "text-muted": !message() }}>
        <Show when={message()} fallback={props.hint}>{message()}</Show>
      </p>
    </div>
  );
}
