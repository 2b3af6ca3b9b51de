import { Dialog } from "@kobalte/core/dialog";
import { Show, type JSX } from "solid-js";
import X from "lucide-solid/icons/x";

export interface ModalProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: JSX.Element;
  children: JSX.Element;
  size?: "sm" | "md" | "lg";
}

const WIDTH = { sm: "max-w-sm", md: "max-w-md", lg: "max-w-xl" } as const;

/** Centered modal dialog (Kobalte: focus trap, Escape closes, aria-modal). */
export function Modal(props: ModalProps) {
  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay class="anim-fade fixed inset-0 z-50 bg-overlay" />
        <div class="fixed inset-0 z-50 flex items-start justify-center overflow-y-auto p-4 sm:items-center">
          <Dialog.Content
            class={`anim-pop w-full ${WIDTH[props.size ?? "md"]} rounded-xl border border-line bg-surface p-5 shadow-pop`}
          >
            <div class="mb-3 flex items-start justify-between gap-4">
              <div>
                <Dialog.Title class="text-base font-semibold">{props.title}</Dialog.Title>
                <Show when={props.description}>
                  <Dialog.Description class="mt-1 text-[13px] text-muted">{props.description}</Dialog.Description>
                </Show>
              </div>
              <Dialog.CloseButton
                aria-label="Close dialog"
                class="-mr-1 -mt-1 rounded-md p-1 text-muted hover:bg-surface-2 hover:text-fg"
              >
                <X class="size-4" aria-hidden="true" />
              </Dialog.CloseButton>
            </div>
            {props.children}
          </Dialog.Content>
        </div>
      </Dialog.Portal>
    </Dialog>
  );
}

/** Right-hand footer row for dialog buttons. */
export function ModalActions(props: { children: JSX.Element }) {
  return <div class="mt-5 flex flex-wrap justify-end gap-2">{props.children}</div>;
}
