import { For, Show } from "solid-js";
import { A } from "@solidjs/router";
import Trash2 from "lucide-solid/icons/trash";
import type { DatabaseInfo } from "../../api";
import { formatBytes } from "../../lib/format";
import type { Sorter } from "../../lib/sort";
import { Badge } from "../ui/Badge";
import { Button } from "../ui/Button";
import { SortHeader } from "../ui/SortHeader";
import { tableClass, tdClass, thClass } from "../ui/Page";
import { DbTransfer } from "./DbTransfer";

export type DbSortKey = "name" | "size" | "tables";

/** Databases on one server: name, size, tables, the apps linking it, and a drop button for operators. */
export function DatabasesTable(props: {
  serverId: number;
  onImported: () => void;
  items: DatabaseInfo[];
  sort: Sorter<DbSortKey>;
  appName: (id: number) => string;
  canDrop: boolean;
  dropping: (name: string) => boolean;
  onDrop: (d: DatabaseInfo) => void;
}) {
  return (
    <table class={tableClass}>
      <thead>
        <tr>
          <SortHeader label="Database" k="name" sort={props.sort} />
          <SortHeader label="Size" k="size" sort={props.sort} />
          <SortHeader label="Tables" k="tables" sort={props.sort} class="hidden sm:table-cell" />
          <th scope="col" class={thClass}>Linked apps</th>
          <th scope="col" class={thClass}><span class="sr-only">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        <For each={props.items}>
          {(d) => (
            <tr class="hover:bg-surface-2/60" data-testid="db-row" data-name={d.name}>
              <td class={tdClass}>
                <span class="inline-flex flex-wrap items-center gap-2">
                  <span class="whitespace-nowrap font-mono font-medium">{d.name}</span>
                  <Show when={d.managed}>
                    <Badge tone="accent">managed</Badge>
                  </Show>
                </span>
              </td>
              <td class={`${tdClass} whitespace-nowrap tabular-nums`}>{formatBytes(d.sizeBytes)}</td>
              <td class={`${tdClass} hidden tabular-nums sm:table-cell`}>{d.tables}</td>
              <td class={tdClass}>
                <Show when={d.linkedApps.length > 0} fallback={<span class="text-muted">—</span>}>
                  <span class="flex flex-wrap gap-x-2 gap-y-0.5">
                    <For each={d.linkedApps}>
                      {(id) => (
                        <A href={`/apps/${encodeURIComponent(id)}/databases`} class="text-accent hover:underline">
                          {props.appName(id)}
                        </A>
                      )}
                    </For>
                  </span>
                </Show>
              </td>
              <td class={`${tdClass} w-10 whitespace-nowrap text-right`}>
                <Show when={props.canDrop}>
                  <DbTransfer serverId={props.serverId} name={d.name} canImport={props.canDrop} onImported={props.onImported} />
                </Show>
                <Show when={props.canDrop}>
                  <Show when={d.linkedApps.length === 0} fallback={<span class="px-2 text-[12px] text-muted">Unlink to drop</span>}>
                    <Button
                      size="sm"
                      variant="ghost"
                      class="text-danger"
                      disabled={props.dropping(d.name)}
                      onClick={() => props.onDrop(d)}
                      aria-label={`Drop ${d.name}`}
                      data-testid="drop-database"
                    >
                      <Trash2 class="size-4" aria-hidden="true" /> <span class="hidden sm:inline">Drop</span>
                    </Button>
                  </Show>
                </Show>
              </td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
