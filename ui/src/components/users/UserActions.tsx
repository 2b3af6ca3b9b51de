import { DropdownMenu } from "@kobalte/core/dropdown-menu";
import Ellipsis from "lucide-solid/icons/ellipsis";
import type { User } from "../../api";

const itemClass =
  "flex cursor-default items-center gap-2 rounded px-2 py-1.5 outline-none select-none data-[highlighted]:bg-accent-soft data-[highlighted]:text-accent";

export interface UserActionHandlers {
  onChangeRole: (u: User) => void;
  onToggleDisabled: (u: User) => void;
  onDelete: (u: User) => void;
}

/** Row menu: change role, disable/enable, delete. */
export function UserActions(props: { user: User } & UserActionHandlers) {
  return (
    <DropdownMenu placement="bottom-end" gutter={4}>
      <DropdownMenu.Trigger
        aria-label={`Actions for ${props.user.username}`}
        class="inline-flex size-8 items-center justify-center rounded-md text-muted hover:bg-surface-2 hover:text-fg"
      >
        <Ellipsis class="size-4" aria-hidden="true" />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content class="anim-pop z-[60] min-w-44 rounded-md border border-line bg-surface p-1 shadow-pop">
          <DropdownMenu.Item class={itemClass} onSelect={() => props.onChangeRole(props.user)}>
            Change role…
          </DropdownMenu.Item>
          <DropdownMenu.Item class={itemClass} onSelect={() => props.onToggleDisabled(props.user)}>
            {props.user.disabled ? "Enable" : "Disable"}
          </DropdownMenu.Item>
          <DropdownMenu.Separator class="my-1 border-line" />
          <DropdownMenu.Item
            class={`${itemClass} text-danger data-[highlighted]:!bg-danger-soft data-[highlighted]:!text-danger`}
            onSelect={() => props.onDelete(props.user)}
          >
            Delete…
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu>
  );
}
