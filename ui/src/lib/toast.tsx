/** Success / error toasts (Kobalte toast region, announced to screen readers). */
import { Toast, toaster } from "@kobalte/core/toast";
import { Portal } from "solid-js/web";
import CircleCheck from "lucide-solid/icons/circle-check";
import CircleAlert from "lucide-solid/icons/circle-alert";
import X from "lucide-solid/icons/x";

type Kind = "success" | "error";

function show(kind: Kind, title: string, description?: string): void {
  toaster.show((props) => (
    <Toast
      toastId={props.toastId}
      priority={kind === "error" ? "high" : "low"}
      class="anim-pop pointer-events-auto flex w-80 max-w-[calc(100vw-2rem)] items-start gap-3 rounded-lg border border-line bg-surface p-3 shadow-pop"
    >
      {kind === "success" ? (
        <CircleCheck class="mt-0.5 size-4 shrink-0 text-success" aria-hidden="true" />
      ) : (
        <CircleAlert class="mt-0.5 size-4 shrink-0 text-danger" aria-hidden="true" />
      )}
      <div class="min-w-0 flex-1">
        <Toast.Title class="font-medium">{title}</Toast.Title>
        {description && <Toast.Description class="mt-0.5 text-muted">{description}</Toast.Description>}
      </div>
      <Toast.CloseButton aria-label="Dismiss notification" class="rounded p-0.5 text-muted hover:text-fg">
        <X class="size-4" aria-hidden="true" />
      </Toast.CloseButton>
    </Toast>
  ));
}

export const toast = {
  success: (title: string, description?: string) => show("success", title, description),
  error: (title: string, description?: string) => show("error", title, description),
  clear: () => toaster.clear(),
};

export function Toaster() {
  return (
    <Portal>
      <Toast.Region duration={5000} limit={4} swipeDirection="right" pauseOnPageIdle={false} aria-label="Notifications">
        <Toast.List class="fixed bottom-4 right-4 z-[100] flex flex-col gap-2 outline-none" />
      </Toast.Region>
    </Portal>
  );
}
