import { createResource, onCleanup, Show } from "solid-js";
import { A } from "@solidjs/router";
import BellOff from "lucide-solid/icons/bell-off";
import { api } from "../../api";
import { valueOf } from "../../lib/resource";
import { useNow } from "../../lib/now";
import { Card } from "../ui/Page";
import { FiringList } from "./FiringList";

/** Dashboard card: what is firing right now (refreshed every 15 s), with a link to the Alerts page. */
export function FiringAlertsCard() {
  const [firing, { refetch }] = createResource(() => api.alerts.firing().then((r) => r.items));
  const timer = setInterval(() => void refetch(), 15_000);
  onCleanup(() => clearInterval(timer));
  const now = useNow(30_000);
  const items = () => valueOf(firing) ?? [];
  return (
    <Card
      id="firing-alerts-card"
      title={items().length ? `Alerts firing (${items().length})` : "Alerts"}
      actions={<A href="/alerts" class="text-[13px] text-accent hover:underline">All alerts</A>}
      bodyClass=""
    >
      <Show
        when={items().length > 0}
        fallback={
          <p class="flex items-center gap-2 px-4 py-3 text-[13px] text-muted">
            <BellOff class="size-4" aria-hidden="true" />
            {firing.loading && !firing.latest ? "Checking alerts…" : "Nothing is firing."}
          </p>
        }
      >
        <FiringList items={items()} now={now()} compact />
      </Show>
    </Card>
  );
}
