import { createUniqueId, For, type JSX } from "solid-js";

/** A small radio group drawn as a segmented control (native radios: arrow keys move the choice). */
export function Segmented<V extends string>(props: {
  label: string;
  options: { value: V; label: string; icon?: JSX.Element }[];
  value: V;
  onChange: (v: V) => void;
  testId?: string;
}) {
  const name = createUniqueId();
  return (
    <fieldset data-testid={props.testId} data-value={props.value}>
      <legend class="mb-1 block text-[13px] font-medium">{props.label}</legend>
      <div class="inline-flex rounded-md border border-line-strong bg-surface-2 p-0.5">
        <For each={props.options}>
          {(o) => (
            <label
              class="relative flex cursor-pointer items-center gap-1.5 rounded px-3 py-1 text-[13px] font-medium text-muted has-[:checked]:bg-surface has-[:checked]:text-fg has-[:checked]:shadow-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent"
            >
              <input
                type="radio"
                class="sr-only"
                name={name}
                value={o.value}
                checked={props.value === o.value}
                onChange={() => props.onChange(o.value)}
              />
              {o.icon}
              {o.label}
            </label>
          )}
        </For>
      </div>
    </fieldset>
  );
}
