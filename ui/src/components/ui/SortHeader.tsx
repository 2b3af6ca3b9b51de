import { Show } from "solid-js";
import ArrowUp from "lucide-solid/icons/arrow-up";
import ArrowDown from "lucide-solid/icons/arrow-down";
import ArrowUpDown from "lucide-solid/icons/arrow-up-down";
import type { Sorter } from "../../lib/sort";
import { thClass } from "./Page";

/** Column header that sorts the table (aria-sort tells assistive tech the current order). */
export function SortHeader<K extends string>(props: { label: string; k: K; sort: Sorter<K>; class?: string }) {
  const active = () => props.sort.key() === props.k;
  return (
    <th
      scope="col"
      class={`${thClass} ${props.class ?? ""}`}
      aria-sort={active() ? (props.sort.direction() === "asc" ? "ascending" : "descending") : "none"}
    >
      <button
        type="button"
        class="-mx-1 inline-flex items-center gap-1 rounded px-1 hover:text-fg"
        onClick={() => props.sort.toggle(props.k)}
      >
        {props.label}
        <Show when={active()} fallback={<ArrowUpDown class="size-3 opacity-50" aria-hidden="true" />}>
          {props.sort.direction() === "asc" ? (
            <ArrowUp class="size-3" aria-hidden="true" />
          ) : (
            <ArrowDown class="size-3" aria-hidden="true" />
          )}
        </Show>
      </button>
    </th>
  );
}
