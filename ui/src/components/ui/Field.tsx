import { createUniqueId, splitProps, Show, type JSX } from "solid-js";

export const inputClass =
  "h-9 w-full rounded-md border border-line-strong bg-surface px-2.5 text-fg placeholder:text-muted " +
  "focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-accent " +
  "aria-[invalid=true]:border-danger disabled:opacity-60";

export interface FieldProps extends JSX.InputHTMLAttributes<HTMLInputElement> {
  label: string;
  hint?: JSX.Element;
  error?: string | null;
  /** Render the label visually hidden (still the input's accessible name). */
  hideLabel?: boolean;
}

/** A labelled text input with optional hint and error text wired via aria-describedby. */
export function Field(props: FieldProps) {
  const [local, rest] = splitProps(props, ["label", "hint", "error", "hideLabel", "class", "id"]);
  const id = local.id ?? createUniqueId();
  const hintId = `${id}-hint`;
  const errId = `${id}-err`;
  const describedBy = () =>
    [local.hint ? hintId : null, local.error ? errId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div class={local.class}>
      <label for={id} class={local.hideLabel ? "sr-only" : "mb-1 block text-[13px] font-medium"}>
        {local.label}
      </label>
      <input
        id={id}
        class={inputClass}
        aria-invalid={local.error ? "true" : undefined}
        aria-describedby={describedBy()}
        {...rest}
      />
      <Show when={local.hint}>
        <p id={hintId} class="mt-1 text-[12px] text-muted">
          {local.hint}
        </p>
      </Show>
      <Show when={local.error}>
        <p id={errId} class="mt-1 text-[12px] text-danger">
          {local.error}
        </p>
      </Show>
    </div>
  );
}
