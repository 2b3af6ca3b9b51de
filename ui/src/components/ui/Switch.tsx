import { Show } from "solid-js";
import { Switch as KSwitch } from "@kobalte/core/switch";

/** On/off switch with a visible label (and optional description) as its accessible name. */
export function Switch(props: {
  label: string;
  description?: string | null;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  error?: string | null;
}) {
  return (
    <KSwitch
      checked={props.checked}
      onChange={props.onChange}
      disabled={props.disabled}
      validationState={props.error ? "invalid" : "valid"}
      class="flex items-start justify-between gap-4"
    >
      <div class="min-w-0">
        <KSwitch.Label class="text-[13px] font-medium">{props.label}</KSwitch.Label>
        <Show when={props.description}>
          <KSwitch.Description class="mt-0.5 text-[12px] text-muted">{props.description}</KSwitch.Description>
        </Show>
        <Show when={props.error}>
          <KSwitch.ErrorMessage class="mt-1 text-[12px] text-danger">{props.error}</KSwitch.ErrorMessage>
        </Show>
      </div>
      <KSwitch.Input class="peer sr-only" />
      <KSwitch.Control class="mt-0.5 inline-flex h-5 w-9 shrink-0 items-center rounded-full border border-line-strong bg-surface-2 px-0.5 transition-colors peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-accent data-[checked]:border-transparent data-[checked]:bg-primary">
        <KSwitch.Thumb class="size-3.5 rounded-full bg-muted shadow transition-transform data-[checked]:translate-x-4 data-[checked]:bg-white" />
      </KSwitch.Control>
    </KSwitch>
  );
}
