import { createSignal } from "solid-js";
import { Dialog } from "@kobalte/core/dialog";
import Menu from "lucide-solid/icons/menu";
import X from "lucide-solid/icons/x";
import { Sidebar } from "./Sidebar";
import { ServerPicker } from "./ServerPicker";
import { ThemeToggle } from "./ThemeToggle";
import { UserMenu } from "./UserMenu";
import { LiveIndicator } from "./LiveIndicator";

export function TopBar() {
  const [menuOpen, setMenuOpen] = createSignal(false);
  return (
    <header class="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-line bg-surface/95 px-3 backdrop-blur sm:px-4">
      <Dialog open={menuOpen()} onOpenChange={setMenuOpen}>
        <Dialog.Trigger
          aria-label="Open menu"
          class="inline-flex size-9 items-center justify-center rounded-md text-muted hover:bg-surface-2 hover:text-fg lg:hidden"
        >
          <Menu class="size-5" aria-hidden="true" />
        </Dialog.Trigger>
        <Dialog.Portal>
          <Dialog.Overlay class="anim-fade fixed inset-0 z-40 bg-overlay" />
          <Dialog.Content class="anim-slide-left fixed inset-y-0 left-0 z-40 flex outline-none" aria-label="Menu">
            <Dialog.Title class="sr-only">Menu</Dialog.Title>
            <Sidebar onNavigate={() => setMenuOpen(false)} />
            <Dialog.CloseButton
              aria-label="Close menu"
              class="m-2 inline-flex size-9 items-center justify-center rounded-md bg-surface text-fg shadow-pop"
            >
              <X class="size-5" aria-hidden="true" />
            </Dialog.CloseButton>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog>
      <ServerPicker />
      <div class="ml-auto flex items-center gap-1">
        <LiveIndicator />
        <ThemeToggle />
        <UserMenu />
      </div>
    </header>
  );
}
