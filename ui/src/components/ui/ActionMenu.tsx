import { For, Show, type JSX } from "solid-js";
import { DropdownMenu } from "@kobalte/core/dropdown-menu";
import Ellipsis from "lucide-solid/icons/ellipsis";

const itemClass =
  "flex cursor-default items-center gap-2 rounded px-2 py-1.5 outline-none select-none data-[disabled]:opacity-50 data-[highlighted]:bg-accent-soft data-[highlighted]:text-accent";

export interface MenuAction {
  label: string;
  icon?: JSX.Element;
  onSelect: () => void;
  disabled?: boolean;
  danger?: boolean;
  /** Draw a separator above this item. */
  separated?: boolean;
  testId?: string;
}

/** "⋯" row menu. Its items are menuitems, so they never clash with a page's own buttons by name. */
export function ActionMenu(props: { label: string; actions: MenuAction[]; testId?: string }) {
  return (
    <DropdownMenu placement="bottom-end" gutter={4}>
      <DropdownMenu.Trigger
        aria-label={props.label}
        data-testid={props.testId}
        class="inline-flex size-8 items-center justify-center rounded-md text-muted hover:bg-surface-2 hover:text-fg"
      >
        <Ellipsis class="size-4" aria-hidden="true" />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content class="anim-pop z-[60] min-w-44 rounded-md border border-line bg-surface p-1 shadow-pop">
          <For each={props.actions}>
            {(a) => (
              <>
                <Show when={a.separated}>
                  <DropdownMenu.Separator class="my-1 border-line" />
                </Show>
                <DropdownMenu.Item
                  class={`${itemClass} ${a.danger ? "text-danger data-[highlighted]:!bg-danger-soft data-[highlighted]:!text-danger" : ""}`}
                  disabled={a.disabled}
                  onSelect={a.onSelect}
                  data-testid={a.testId}
                >
                  <Show when={a.icon}>
                    <span class="text-current" aria-hidden="true">
                      {a.icon}
                    </span>
                  </Show>
                  {a.label}
                </DropdownMenu.Item>
              </>
            )}
          </For>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu>
  );
}
