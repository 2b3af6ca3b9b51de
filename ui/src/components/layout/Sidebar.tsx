import { For, Show } from "solid-js";
import { A } from "@solidjs/router";
import LogOut from "lucide-solid/icons/log-out";
import { can, currentUser } from "../../lib/session";
import { Logo } from "./Logo";
import { NAV } from "./nav";
import { useSignOut } from "./signOut";

/** Left navigation. Rendered fixed on wide screens and inside the mobile menu on phones. */
export function Sidebar(props: { class?: string; onNavigate?: () => void }) {
  const signOut = useSignOut();
  return (
    <aside class={`sticky top-0 h-dvh w-56 shrink-0 flex-col border-r border-line bg-surface ${props.class ?? "flex"}`}>
      <div class="flex h-14 items-center border-b border-line px-4">
        <A href="/" class="rounded" onClick={() => props.onNavigate?.()}>
          <Logo />
        </A>
      </div>
      <nav aria-label="Main" class="flex-1 overflow-y-auto p-2">
        <ul class="space-y-0.5">
          <For each={NAV.filter((item) => !item.minRole || can(item.minRole))}>
            {(item) => (
              <li>
                <A
                  href={item.href}
                  end={item.end}
                  data-testid={`${props.onNavigate ? "mobile-" : ""}nav-${item.href === "/" ? "dashboard" : item.href.slice(1)}`}
                  onClick={() => props.onNavigate?.()}
                  class="flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-muted hover:bg-surface-2 hover:text-fg"
                  activeClass="!bg-accent-soft !text-accent font-medium"
                >
                  <item.icon class="size-4" aria-hidden="true" />
                  {item.label}
                </A>
              </li>
            )}
          </For>
        </ul>
      </nav>
      <Show when={currentUser()}>
        {(u) => (
          <div class="flex items-center gap-2 border-t border-line p-3">
            <div class="min-w-0 flex-1">
              <p class="truncate text-[13px] font-medium">{u().username}</p>
              <p class="text-[12px] capitalize text-muted">{u().role}</p>
            </div>
            <button
              type="button"
              onClick={() => void signOut()}
              class="inline-flex h-8 items-center gap-1.5 rounded-md px-2 text-[13px] text-muted hover:bg-surface-2 hover:text-fg"
            >
              <LogOut class="size-4" aria-hidden="true" />
              Sign out
            </button>
          </div>
        )}
      </Show>
    </aside>
  );
}
