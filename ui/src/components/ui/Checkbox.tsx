import { createUniqueId, Show, type JSX } from "solid-js";

/** Native checkbox with a label and an optional explanation under it. */
export function Checkbox(props: {
  label: JSX.Element;
  description?: JSX.Element;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  tone?: "danger";
}) {
  const id = createUniqueId();
  return (
    <div class="flex items-start gap-2">
      <input
        id={id}
        type="checkbox"
        class={`mt-0.5 size-4 shrink-0 ${props.tone === "danger" ? "accent-[var(--sk-danger-solid)]" : "accent-[var(--sk-primary)]"}`}
        checked={props.checked}
        disabled={props.disabled}
        aria-describedby={props.description ? `${id}-desc` : undefined}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <div class="min-w-0 text-[13px]">
        <label for={id} class="font-medium">
          {props.label}
        </label>
        <Show when={props.description}>
          <p id={`${id}-desc`} class="mt-0.5 text-[12px] text-muted">
            {props.description}
          </p>
        </Show>
      </div>
    </div>
  );
}
