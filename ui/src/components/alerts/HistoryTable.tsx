import { createSignal, For, Show } from "solid-js";
import { api, errorMessage } from "../../api";
import type { AlertEvent } from "../../api/alerts";
import { elapsed, formatDateTime } from "../../lib/format";
import { Badge } from "../ui/Badge";
import { Button } from "../ui/Button";
import { tableClass, tdClass, thClass } from "../ui/Page";
import { NotifiedBadge, SeverityBadge } from "./badges";
import { subjectLabel } from "./format";

/** Firing and resolved alerts, newest first, with how they were notified; pages on with "Load more". */
export function HistoryTable(props: { first: { items: AlertEvent[]; nextBefore: number | null } }) {
  const [more, setMore] = createSignal<AlertEvent[]>([]);
  const [next, setNext] = createSignal<number | null | undefined>(undefined);
  const [error, setError] = createSignal<string | null>(null);
  const cursor = () => (next() === undefined ? props.first.nextBefore : next());

  async function loadMore() {
    try {
      const page = await api.alerts.history({ before: cursor(), limit: 100 });
      setMore((m) => [...m, ...page.items]);
      setNext(page.nextBefore);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <div class="overflow-x-auto">
      <table class={tableClass} data-testid="alert-history">
        <thead>
          <tr>
            <th class={thClass}>State</th>
            <th class={thClass}>Alert</th>
            <th class={thClass}>Started</th>
            <th class={thClass}>Lasted</th>
            <th class={thClass}>Notification</th>
          </tr>
        </thead>
        <tbody>
          <For each={[...props.first.items, ...more()]}>
            {(e) => (
              <tr>
                <td class={tdClass}>
                  <Badge tone={e.state === "firing" ? "danger" : "success"} dot>{e.state === "firing" ? "Firing" : "Resolved"}</Badge>
                </td>
                <td class={tdClass}>
                  <div class="flex flex-wrap items-center gap-2">
                    <span class="font-medium">{e.ruleName}</span>
                    <SeverityBadge severity={e.severity} />
                    <span class="text-[12px] text-muted">{subjectLabel(e.subject)}</span>
                  </div>
                  <p class="text-[12px] text-muted [overflow-wrap:anywhere]">{e.message}</p>
                </td>
                <td class={`${tdClass} whitespace-nowrap`}>{formatDateTime(e.startedAt)}</td>
                <td class={`${tdClass} whitespace-nowrap`}>{e.resolvedAt ? elapsed(e.startedAt, e.resolvedAt) : "ongoing"}</td>
                <td class={tdClass}>
                  <NotifiedBadge event={e} />
                  <Show when={e.lastError}>
                    <p class="mt-0.5 max-w-xs text-[12px] text-danger [overflow-wrap:anywhere]">{e.lastError}</p>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <Show when={error()}>
        <p class="px-4 py-2 text-[13px] text-danger">{error()}</p>
      </Show>
      <Show when={cursor()}>
        <div class="p-3 text-center">
          <Button size="sm" onClick={() => void loadMore()}>Load more</Button>
        </div>
      </Show>
    </div>
  );
}
