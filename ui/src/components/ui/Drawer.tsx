import { Dialog } from "@kobalte/core/dialog";
import type { JSX } from "solid-js";
import X from "lucide-solid/icons/x";

export interface DrawerProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: JSX.Element;
  /** Accessible name when the title is rich content. */
  header?: JSX.Element;
  children: JSX.Element;
}

/** Side sheet from the right (job details...). Escape or the close button dismisses it. */
export function Drawer(props: DrawerProps) {
  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay class="anim-fade fixed inset-0 z-40 bg-overlay" />
        <Dialog.Content class="anim-slide fixed inset-y-0 right-0 z-40 flex w-full max-w-3xl flex-col border-l border-line bg-surface shadow-pop">
          <div class="flex items-start justify-between gap-3 border-b border-line px-5 py-3">
            <div class="min-w-0">
              <Dialog.Title class="truncate text-base font-semibold">{props.title}</Dialog.Title>
              {props.header}
            </div>
            <Dialog.CloseButton
              aria-label="Close"
              class="rounded-md p-1 text-muted hover:bg-surface-2 hover:text-fg"
            >
              <X class="size-5" aria-hidden="true" />
            </Dialog.CloseButton>
          </div>
          <div class="min-h-0 flex-1 overflow-y-auto">{props.children}</div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog>
  );
}
