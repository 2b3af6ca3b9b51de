import { For, Show } from "solid-js";

/** Container names using a volume / network, or "unused". */
export function UsedBy(props: { names: string[] }) {
  return (
    <Show when={props.names.length > 0} fallback={<span class="text-muted">unused</span>}>
      <ul class="flex flex-wrap gap-1">
        <For each={props.names}>
          {(n) => <li class="rounded bg-surface-2 px-1.5 py-px font-mono text-[12px]">{n}</li>}
        </For>
      </ul>
    </Show>
  );
}
