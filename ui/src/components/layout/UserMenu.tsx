import { Show } from "solid-js";
import { DropdownMenu } from "@kobalte/core/dropdown-menu";
import { useNavigate } from "@solidjs/router";
import LogOut from "lucide-solid/icons/log-out";
import Settings from "lucide-solid/icons/settings";
import ChevronDown from "lucide-solid/icons/chevron-down";
import { currentUser } from "../../lib/session";
import { useSignOut } from "./signOut";

const itemClass =
  "flex cursor-default items-center gap-2 rounded px-2 py-1.5 outline-none select-none data-[highlighted]:bg-accent-soft data-[highlighted]:text-accent";

export function UserMenu() {
  const navigate = useNavigate();
  const signOut = useSignOut();
  return (
    <Show when={currentUser()}>
      {(u) => (
        <DropdownMenu gutter={6} placement="bottom-end">
          <DropdownMenu.Trigger
            aria-label={`Account menu for ${u().username}`}
            class="inline-flex h-9 items-center gap-2 rounded-md px-1.5 hover:bg-surface-2"
          >
            <span
              class="inline-flex size-7 items-center justify-center rounded-full bg-accent-soft text-[13px] font-semibold uppercase text-accent"
              aria-hidden="true"
            >
              {u().username.slice(0, 1)}
            </span>
            <span class="hidden text-[13px] font-medium sm:inline">{u().username}</span>
            <ChevronDown class="size-3.5 text-muted" aria-hidden="true" />
          </DropdownMenu.Trigger>
          <DropdownMenu.Portal>
            <DropdownMenu.Content class="anim-pop z-[60] min-w-52 rounded-md border border-line bg-surface p-1 shadow-pop">
              <div class="px-2 py-1.5">
                <p class="text-[13px] font-medium">{u().username}</p>
                <p class="text-[12px] capitalize text-muted">{u().role}</p>
              </div>
              <DropdownMenu.Separator class="my-1 border-line" />
              <DropdownMenu.Item class={itemClass} onSelect={() => navigate("/settings")}>
                <Settings class="size-4" aria-hidden="true" /> Profile & security
              </DropdownMenu.Item>
              <DropdownMenu.Item class={itemClass} onSelect={() => void signOut()}>
                <LogOut class="size-4" aria-hidden="true" /> Sign out
              </DropdownMenu.Item>
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu>
      )}
    </Show>
  );
}
