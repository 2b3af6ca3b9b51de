import { createUniqueId, For } from "solid-js";
import type { MetricsRange } from "../../api";

const RANGES: MetricsRange[] = ["1h", "6h", "24h", "7d"];

/** 1h / 6h / 24h / 7d as a compact radio group (arrow keys move the choice). */
export function RangePicker(props: { value: MetricsRange; onChange: (r: MetricsRange) => void }) {
  const name = createUniqueId();
  return (
    <fieldset data-testid="metrics-range" data-value={props.value}>
      <legend class="sr-only">Time range</legend>
      <div class="inline-flex rounded-md border border-line-strong bg-surface-2 p-0.5">
        <For each={RANGES}>
          {(r) => (
            <label class="relative cursor-pointer rounded px-2.5 py-0.5 text-[12px] font-medium text-muted has-[:checked]:bg-surface has-[:checked]:text-fg has-[:checked]:shadow-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent">
              <input type="radio" class="sr-only" name={name} value={r} checked={props.value === r} onChange={() => props.onChange(r)} />
              {r}
            </label>
          )}
        </For>
      </div>
    </fieldset>
  );
}
