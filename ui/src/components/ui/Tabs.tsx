import { For, type JSX } from "solid-js";
import { Tabs as KTabs } from "@kobalte/core/tabs";

export interface TabDef<V extends string = string> {
  value: V;
  label: string;
}

/**
 * Tabs whose selection lives outside (usually in the URL, so every tab can be linked to).
 * Only the selected panel is mounted.
 */
export function Tabs<V extends string>(props: {
  label: string;
  tabs: TabDef<V>[];
  value: V;
  onChange: (value: V) => void;
  render: (value: V) => JSX.Element;
  class?: string;
}) {
  return (
    <KTabs value={props.value} onChange={(v) => props.onChange(v as V)} class={props.class}>
      <KTabs.List aria-label={props.label} class="flex gap-1 overflow-x-auto border-b border-line">
        <For each={props.tabs}>
          {(t) => (
            <KTabs.Trigger
              value={t.value}
              class="-mb-px shrink-0 border-b-2 border-transparent px-3 py-2 text-[13px] font-medium text-muted outline-none hover:text-fg focus-visible:rounded-t focus-visible:outline-2 focus-visible:outline-accent data-[selected]:border-accent data-[selected]:text-fg"
            >
              {t.label}
            </KTabs.Trigger>
          )}
        </For>
      </KTabs.List>
      <For each={props.tabs}>
        {(t) => (
          <KTabs.Content value={t.value} class="pt-4 outline-none">
            {props.render(t.value)}
          </KTabs.Content>
        )}
      </For>
    </KTabs>
  );
}
