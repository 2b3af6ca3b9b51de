import { For } from "solid-js";
import { categoryLabel } from "./TemplateIcon";

const chip =
  "rounded-full border px-2.5 py-0.5 text-[12px] font-medium transition-colors aria-pressed:border-accent aria-pressed:bg-accent-soft aria-pressed:text-accent";

/** Single-choice category filter as toggle buttons ("All" clears it). */
export function CategoryChips(props: { categories: string[]; counts: Record<string, number>; value: string; onChange: (c: string) => void }) {
  return (
    <div role="group" aria-label="Filter by category" class="-mx-4 flex gap-1.5 overflow-x-auto px-4 pb-1 sm:mx-0 sm:flex-wrap sm:overflow-visible sm:px-0 sm:pb-0 [&>button]:shrink-0">
      <button type="button" class={`${chip} border-line text-muted hover:text-fg`} aria-pressed={props.value === ""} onClick={() => props.onChange("")}>
        All
      </button>
      <For each={props.categories}>
        {(c) => (
          <button
            type="button"
            class={`${chip} border-line text-muted hover:text-fg`}
            aria-pressed={props.value === c}
            onClick={() => props.onChange(props.value === c ? "" : c)}
          >
            {categoryLabel(c)} <span class="tabular-nums opacity-70">{props.counts[c] ?? 0}</span>
          </button>
        )}
      </For>
    </div>
  );
}
