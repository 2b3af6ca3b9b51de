import { createResource, createSignal, onCleanup, Show } from "solid-js";
import { useNavigate, useParams } from "@solidjs/router";
import Bell from "lucide-solid/icons/bell";
import Plus from "lucide-solid/icons/plus";
import { api } from "../api";
import type { AlertRule } from "../api/alerts";
import { useNow } from "../lib/now";
import { valueOf } from "../lib/resource";
import { can } from "../lib/session";
import { AsyncLive } from "../components/ui/AsyncLive";
import { Button } from "../components/ui/Button";
import { EmptyState } from "../components/ui/EmptyState";
import { Card, PageHeader } from "../components/ui/Page";
import { Tabs } from "../components/ui/Tabs";
import { ChannelsCard } from "../components/alerts/ChannelsCard";
import { FiringList } from "../components/alerts/FiringList";
import { HistoryTable } from "../components/alerts/HistoryTable";
import { RuleDialog } from "../components/alerts/RuleDialog";
import { RulesTable } from "../components/alerts/RulesTable";

type Tab = "rules" | "history" | "channels";

/** /alerts/:tab? — what is firing now, the rules, their history and the notification channels. */
export default function Alerts() {
  const params = useParams<{ tab?: string }>();
  const navigate = useNavigate();
  const tab = (): Tab => (params.tab === "history" || params.tab === "channels" ? params.tab : "rules");
  const [firing, { refetch: refetchFiring }] = createResource(() => api.alerts.firing().then((r) => r.items));
  const [rules, { refetch: refetchRules }] = createResource(() => api.alerts.rules().then((r) => r.items));
  const [channels, { refetch: refetchChannels }] = createResource(() => (can("operator") ? api.alerts.channels().then((r) => r.items) : Promise.resolve([])));
  const [history, { refetch: refetchHistory }] = createResource(() => tab() === "history", () => api.alerts.history({ limit: 100 }));
  const [editing, setEditing] = createSignal<AlertRule | null | undefined>(undefined);
  const now = useNow(30_000);
  const refresh = () => {
    void refetchRules();
    void refetchFiring();
  };
  // Firing alerts and history follow the evaluator without a reload.
  const timer = setInterval(() => {
    void refetchFiring();
    if (tab() === "history") void refetchHistory();
  }, 15_000);
  onCleanup(() => clearInterval(timer));

  const NewRule = () => (
    <Show when={can("operator")}>
      <Button variant="primary" onClick={() => setEditing(null)} data-testid="new-rule">
        <Plus class="size-4" aria-hidden="true" /> New rule
      </Button>
    </Show>
  );

  return (
    <>
      <PageHeader title="Alerts" description="Rules over metrics and events, what is firing now, and where notifications go." actions={<NewRule />} />
      <Show when={(valueOf(firing) ?? []).length > 0}>
        <Card title={`Firing now (${valueOf(firing)!.length})`} class="mb-4" bodyClass="">
          <FiringList items={valueOf(firing)!} now={now()} />
        </Card>
      </Show>
      <Tabs
        label="Alerts sections"
        value={tab()}
        onChange={(t) => navigate(t === "rules" ? "/alerts" : `/alerts/${t}`)}
        tabs={[
          { value: "rules", label: "Rules" },
          { value: "history", label: "History" },
          { value: "channels", label: "Channels" },
        ]}
        render={(t) => (
          <Show when={t === "rules"} fallback={t === "history" ? <HistoryTab /> : <ChannelsTab />}>
            <AsyncLive of={rules} retry={refetchRules} loadingLabel="Loading rules…">
              {(items) => (
                <Card bodyClass="">
                  <Show
                    when={items().length > 0}
                    fallback={
                      <EmptyState icon={<Bell class="size-6" />} title="No alert rules yet" action={<NewRule />}>
                        A rule watches a metric ("CPU above 90 % for 5 minutes") or an event (a container restarting in a loop, a disk nearly full, a
                        certificate about to expire, a failed backup) and notifies your channels when it fires and when it clears.
                      </EmptyState>
                    }
                  >
                    <RulesTable rules={items()} channels={valueOf(channels) ?? []} onEdit={setEditing} onChanged={refresh} />
                  </Show>
                </Card>
              )}
            </AsyncLive>
          </Show>
        )}
      />
      <RuleDialog open={editing() !== undefined} onOpenChange={(o) => !o && setEditing(undefined)} rule={editing()} onSaved={refresh} />
    </>
  );

  function HistoryTab() {
    return (
      <AsyncLive of={history} retry={refetchHistory} loadingLabel="Loading history…">
        {(page) => (
          <Card bodyClass="">
            <Show when={page().items.length > 0} fallback={<EmptyState icon={<Bell class="size-6" />} title="Nothing has fired yet">Alerts appear here when a rule fires, and stay after they resolve.</EmptyState>}>
              <HistoryTable first={page()} />
            </Show>
          </Card>
        )}
      </AsyncLive>
    );
  }

  function ChannelsTab() {
    return (
      <AsyncLive of={channels} retry={refetchChannels} loadingLabel="Loading channels…">
        {(items) => <ChannelsCard channels={items()} onChanged={() => void refetchChannels()} now={now()} />}
      </AsyncLive>
    );
  }
}
