import { createSignal, createUniqueId, splitProps, Show, type JSX } from "solid-js";
import Eye from "lucide-solid/icons/eye";
import EyeOff from "lucide-solid/icons/eye-off";
import { inputClass } from "./Field";

export interface SecretInputProps extends Omit<JSX.InputHTMLAttributes<HTMLInputElement>, "type"> {
  /** Accessible name of the input (the reveal button says what it reveals). */
  label: string;
  hideLabel?: boolean;
  hint?: JSX.Element;
  error?: string | null;
}

/** Password-style input with a show/hide toggle. */
export function SecretInput(props: SecretInputProps) {
  const [local, rest] = splitProps(props, ["label", "hideLabel", "hint", "error", "class", "id"]);
  const [shown, setShown] = createSignal(false);
  const id = local.id ?? createUniqueId();
  const describedBy = () =>
    [local.hint ? `${id}-hint` : null, local.error ? `${id}-err` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div class={local.class}>
      <label for={id} class={local.hideLabel ? "sr-only" : "mb-1 block text-[13px] font-medium"}>
        {local.label}
      </label>
      <div class="relative">
        <input
          id={id}
          type={shown() ? "text" : "password"}
          class={`${inputClass} pr-10 font-mono`}
          autocomplete="new-password"
          spellcheck={false}
          aria-invalid={local.error ? "true" : undefined}
          aria-describedby={describedBy()}
          {...rest}
        />
        <button
          type="button"
          class="absolute right-1 top-1/2 inline-flex size-7 -translate-y-1/2 items-center justify-center rounded text-muted hover:bg-surface-2 hover:text-fg"
          aria-label={shown() ? `Hide ${local.label}` : `Show ${local.label}`}
          aria-pressed={shown()}
          onClick={() => setShown((v) => !v)}
        >
          {shown() ? <EyeOff class="size-4" aria-hidden="true" /> : <Eye class="size-4" aria-hidden="true" />}
        </button>
      </div>
      <Show when={local.hint}>
        <p id={`${id}-hint`} class="mt-1 text-[12px] text-muted">
          {local.hint}
        </p>
      </Show>
      <Show when={local.error}>
        <p id={`${id}-err`} class="mt-1 text-[12px] text-danger">
          {local.error}
        </p>
      </Show>
    </div>
  );
}
