import { Show, type JSX } from "solid-js";

export function EmptyState(props: { icon?: JSX.Element; title: string; children?: JSX.Element; action?: JSX.Element }) {
  return (
    <div class="flex flex-col items-center justify-center px-6 py-12 text-center">
      <Show when={props.icon}>
        <div class="mb-3 rounded-full bg-surface-2 p-3 text-muted" aria-hidden="true">
          {props.icon}
        </div>
      </Show>
      <p class="font-medium">{props.title}</p>
      <Show when={props.children}>
        <p class="mt-1 max-w-md text-[13px] text-muted">{props.children}</p>
      </Show>
      <Show when={props.action}>
        <div class="mt-4">{props.action}</div>
      </Show>
    </div>
  );
}
