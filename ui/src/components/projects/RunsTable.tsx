import { For } from "solid-js";
import ArrowRight from "lucide-solid/icons/arrow-right";
import type { SyncRun } from "../../api";
import { formatDateTime, formatRelative } from "../../lib/format";
import { tableClass, tdClass, thClass } from "../ui/Page";
import { RunStatusBadge } from "./RunStatusBadge";
import { durationText, rowsText, triggerText } from "./runText";

/** The project's syncs and dry runs, newest first; a row opens the run (live log, report, revert). */
export function RunsTable(props: { runs: SyncRun[]; now: number; onOpen: (run: SyncRun) => void }) {
  return (
    <table class={tableClass} data-testid="sync-runs">
      <thead>
        <tr>
          <th scope="col" class={thClass}>Status</th>
          <th scope="col" class={thClass}>Sync</th>
          <th scope="col" class={thClass}>Started</th>
          <th scope="col" class={thClass}>By</th>
          <th scope="col" class={thClass}>Duration</th>
          <th scope="col" class={thClass}>Rows</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.runs}>
          {(r) => (
            <tr class="cursor-pointer hover:bg-surface-2" onClick={() => props.onOpen(r)} data-testid={`sync-run-${r.id}`}>
              <td class={tdClass}><RunStatusBadge run={r} /></td>
              <td class={tdClass}>
                <button type="button" class="inline-flex items-center gap-1.5 font-medium hover:underline" onClick={(e) => { e.stopPropagation(); props.onOpen(r); }}>
                  {r.source.name} <ArrowRight class="size-3.5 text-muted" aria-label="into" /> {r.target.name}
                </button>
              </td>
              <td class={tdClass} title={formatDateTime(r.createdAt)}>{formatRelative(r.createdAt, props.now)}</td>
              <td class={`${tdClass} text-muted`}>{triggerText(r)}</td>
              <td class={`${tdClass} tabular-nums`}>{durationText(r)}</td>
              <td class={`${tdClass} tabular-nums`}>{rowsText(r)}</td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
