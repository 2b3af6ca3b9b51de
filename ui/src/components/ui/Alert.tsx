import { Show, type JSX } from "solid-js";
import CircleAlert from "lucide-solid/icons/circle-alert";
import Info from "lucide-solid/icons/info";

/** Inline message near the action that failed (role=alert so it is announced). */
export function Alert(props: { kind?: "error" | "info" | "warning"; title?: string; children?: JSX.Element; class?: string }) {
  const kind = () => props.kind ?? "error";
  const tone = () =>
    kind() === "error"
      ? "border-danger/40 bg-danger-soft text-danger"
      : kind() === "warning"
        ? "border-warning/40 bg-warning-soft text-warning"
        : "border-accent/30 bg-accent-soft text-accent";
  return (
    <div
      role={kind() === "error" ? "alert" : "status"}
      class={`flex items-start gap-2 rounded-md border px-3 py-2 text-[13px] ${tone()} ${props.class ?? ""}`}
    >
      {kind() === "info" ? (
        <Info class="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      ) : (
        <CircleAlert class="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      )}
      <div class="min-w-0 [overflow-wrap:anywhere]">
        <Show when={props.title}>
          <p class="font-semibold">{props.title}</p>
        </Show>
        <div>{props.children}</div>
      </div>
    </div>
  );
}

/** Renders an error Alert only when there is a message. */
export function ErrorAlert(props: { message: string | null | undefined; class?: string }) {
  return (
    <Show when={props.message}>
      <Alert kind="error" class={props.class}>
        {props.message}
      </Alert>
    </Show>
  );
}
