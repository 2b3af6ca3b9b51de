import { Select } from "@kobalte/core/select";
import { createMemo } from "solid-js";
import Check from "lucide-solid/icons/check";
import ChevronsUpDown from "lucide-solid/icons/chevrons-up-down";

export interface Option<V extends string = string> {
  value: V;
  label: string;
  disabled?: boolean;
}

export interface SelectFieldProps<V extends string> {
  label: string;
  options: Option<V>[];
  value: V;
  onChange: (value: V) => void;
  hideLabel?: boolean;
  disabled?: boolean;
  class?: string;
  triggerClass?: string;
  name?: string;
  /** data-testid of the trigger button. */
  testId?: string;
}

/** Single-value select (Kobalte: keyboard navigation, typeahead, listbox semantics). */
export function SelectField<V extends string>(props: SelectFieldProps<V>) {
  // Stable option objects: Kobalte tracks the selection by object, so don't hand it fresh copies.
  const options = createMemo(
    (prev: Option<V>[] = []) => {
      const next = props.options;
      const same =
        prev.length === next.length &&
        prev.every((o, i) => o.value === next[i]!.value && o.label === next[i]!.label && o.disabled === next[i]!.disabled);
      return same ? prev : next;
    },
  );
  const selected = createMemo(() => options().find((o) => o.value === props.value) ?? null);
  return (
    <Select<Option<V>>
      class={props.class}
      options={options()}
      optionValue="value"
      optionTextValue="label"
      optionDisabled="disabled"
      value={selected()}
      onChange={(o) => o && props.onChange(o.value)}
      disabled={props.disabled}
      name={props.name}
      disallowEmptySelection
      // Modal so the listbox stays exposed to assistive tech when the select sits in a dialog
      // (a non-modal popup portalled outside a dialog gets aria-hidden by the dialog).
      modal
      gutter={4}
      itemComponent={(p) => (
        <Select.Item
          item={p.item}
          class="flex cursor-default items-center justify-between gap-3 rounded px-2 py-1.5 outline-none select-none data-[disabled]:opacity-50 data-[highlighted]:bg-accent-soft data-[highlighted]:text-accent"
        >
          <Select.ItemLabel>{p.item.rawValue.label}</Select.ItemLabel>
          <Select.ItemIndicator>
            <Check class="size-4" aria-hidden="true" />
          </Select.ItemIndicator>
        </Select.Item>
      )}
    >
      <Select.Label class={props.hideLabel ? "sr-only" : "mb-1 block text-[13px] font-medium"}>{props.label}</Select.Label>
      <Select.Trigger
        aria-label={props.hideLabel ? props.label : undefined}
        data-testid={props.testId}
        class={`inline-flex h-9 w-full items-center justify-between gap-2 rounded-md border border-line-strong bg-surface px-2.5 text-left disabled:opacity-60 ${props.triggerClass ?? ""}`}
      >
        <Select.Value<Option<V>> class="truncate">
          {(state) => <>{state.selectedOption()?.label}</>}
        </Select.Value>
        <Select.Icon>
          <ChevronsUpDown class="size-4 text-muted" aria-hidden="true" />
        </Select.Icon>
      </Select.Trigger>
      <Select.Portal>
        <Select.Content class="anim-pop z-[60] min-w-[var(--kb-popper-anchor-width)] rounded-md border border-line bg-surface p-1 shadow-pop">
          <Select.Listbox class="max-h-72 overflow-y-auto outline-none" />
        </Select.Content>
      </Select.Portal>
    </Select>
  );
}
