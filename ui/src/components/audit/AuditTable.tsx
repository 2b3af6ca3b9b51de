import { For, Show } from "solid-js";
import type { AuditEntry } from "../../api";
import { formatDateTime } from "../../lib/format";
import { Badge } from "../ui/Badge";
import { tableClass, tdClass, thClass } from "../ui/Page";

function Details(props: { value: unknown }) {
  const text = () => (typeof props.value === "string" ? props.value : JSON.stringify(props.value, null, 2));
  return (
    <details class="group">
      <summary class="cursor-pointer text-[12px] text-accent">Show</summary>
      <pre class="mt-1 max-w-md overflow-x-auto rounded bg-surface-2 p-2 font-mono text-[12px] whitespace-pre-wrap break-all">
        {text()}
      </pre>
    </details>
  );
}

export function AuditTable(props: { items: AuditEntry[] }) {
  return (
    <table class={tableClass}>
      <thead>
        <tr>
          <th scope="col" class={thClass}>Time</th>
          <th scope="col" class={thClass}>Actor</th>
          <th scope="col" class={thClass}>Action</th>
          <th scope="col" class={thClass}>Target</th>
          <th scope="col" class={`${thClass} hidden md:table-cell`}>IP address</th>
          <th scope="col" class={thClass}>Result</th>
          <th scope="col" class={`${thClass} hidden lg:table-cell`}>Details</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.items}>
          {(e) => (
            <tr class="align-top">
              <td class={`${tdClass} whitespace-nowrap tabular-nums text-muted`}>{formatDateTime(e.at)}</td>
              <td class={tdClass}>{e.actor ?? <span class="text-muted">system</span>}</td>
              <td class={`${tdClass} font-mono text-[12px]`}>{e.action}</td>
              <td class={`${tdClass} max-w-[16rem] truncate`} title={e.target ?? undefined}>
                {e.target ?? <span class="text-muted">—</span>}
              </td>
              <td class={`${tdClass} hidden font-mono text-[12px] text-muted md:table-cell`}>{e.ip ?? "—"}</td>
              <td class={tdClass}>
                <Badge tone={e.result === "success" ? "success" : "danger"}>
                  {e.result === "success" ? "Success" : "Failure"}
                </Badge>
              </td>
              <td class={`${tdClass} hidden lg:table-cell`}>
                <Show when={e.details !== null && e.details !== undefined} fallback={<span class="text-muted">—</span>}>
                  <Details value={e.details} />
                </Show>
              </td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
