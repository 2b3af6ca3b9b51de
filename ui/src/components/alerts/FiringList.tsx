import { For, Show } from "solid-js";
import BellRing from "lucide-solid/icons/bell-ring";
import type { AlertEvent } from "../../api/alerts";
import { formatRelative } from "../../lib/format";
import { SeverityBadge } from "./badges";
import { subjectLabel } from "./format";

/** Alerts firing now, most severe first. Shared by the Alerts page and the dashboard card. */
export function FiringList(props: { items: AlertEvent[]; now: number; compact?: boolean }) {
  const rank = { critical: 0, warning: 1, info: 2 } as const;
  const sorted = () => [...props.items].sort((a, b) => rank[a.severity] - rank[b.severity] || b.startedAt.localeCompare(a.startedAt));
  return (
    <ul class="divide-y divide-line" data-testid="firing-alerts">
      <For each={props.compact ? sorted().slice(0, 5) : sorted()}>
        {(e) => (
          <li class="flex items-start gap-3 px-4 py-2.5">
            <BellRing class="mt-0.5 size-4 shrink-0 text-danger" aria-hidden="true" />
            <div class="min-w-0 flex-1">
              <div class="flex flex-wrap items-center gap-2">
                <span class="font-medium">{e.ruleName}</span>
                <SeverityBadge severity={e.severity} />
                <span class="text-[12px] text-muted">{subjectLabel(e.subject)}</span>
              </div>
              <p class="mt-0.5 text-[13px] text-muted [overflow-wrap:anywhere]">{e.message}</p>
              <Show when={e.lastError}>
                <p class="mt-0.5 text-[12px] text-danger">Notification failed: {e.lastError}</p>
              </Show>
            </div>
            <span class="shrink-0 text-[12px] text-muted" title={new Date(e.startedAt).toLocaleString()}>
              started {formatRelative(e.startedAt, props.now)}
            </span>
          </li>
        )}
      </For>
    </ul>
  );
}
