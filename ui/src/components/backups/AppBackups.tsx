import { createResource, createSignal, For, Show } from "solid-js";
import { A } from "@solidjs/router";
import DatabaseBackup from "lucide-solid/icons/database-backup";
import Plus from "lucide-solid/icons/plus";
import { api, type App } from "../../api";
import { useNow } from "../../lib/now";
import { valueOf } from "../../lib/resource";
import { can } from "../../lib/session";
import { Async } from "../ui/Async";
import { Button } from "../ui/Button";
import { EmptyState } from "../ui/EmptyState";
import { Card } from "../ui/Page";
import { NewPlanDialog } from "./NewPlanDialog";
import { PlanCard } from "./PlanCard";
import { usePlanTargets } from "./targets";
import { useBackupJobs } from "./useBackupJobs";
import { useRunBackup } from "./useRunBackup";

/** The app's Backups tab: the plans that back it up (with their last run and "Back up now"). */
export function AppBackups(props: { app: App }) {
  const [plans, { refetch }] = createResource(
    () => Number(props.app.id),
    (id) => api.backups.plans().then((r) => r.items.filter((p) => p.scope === "app" && p.appId === id)),
  );
  const targets = usePlanTargets(() => valueOf(plans));
  const [version, setVersion] = createSignal(0);
  const changed = () => setVersion((v) => v + 1);
  useBackupJobs(changed);
  const runner = useRunBackup(changed);
  const now = useNow(30_000);
  const [creating, setCreating] = createSignal(false);

  const newButton = () => (
    <Show when={can("admin")}>
      <Button size="sm" variant="primary" onClick={() => setCreating(true)} data-testid="new-backup-plan">
        <Plus class="size-4" aria-hidden="true" /> New plan
      </Button>
    </Show>
  );

  return (
    <Card title="Backups" id="app-backups" actions={newButton()}>
      <Async of={plans} retry={refetch} loadingLabel="Loading backup plans…">
        {(items) => (
          <Show
            when={items.length > 0}
            fallback={
              <EmptyState icon={<DatabaseBackup class="size-6" />} title={`${props.app.name} isn't backed up yet`}>
                A plan backs up its volumes, files and linked databases, encrypted and checksummed, on a schedule or on demand, and can restore
                any of those backups in place. {can("admin") ? "" : "Ask an admin to create one."}
              </EmptyState>
            }
          >
            <div class="grid gap-3 xl:grid-cols-2">
              <For each={items}>
                {(p) => <PlanCard plan={p} targets={targets} version={version()} now={now()} busy={runner.busy(p.id)} onRun={() => void runner.run(p)} />}
              </For>
            </div>
            <p class="mt-3 text-[12px] text-muted">
              Restores are done from a plan's page. <A href="/backups" class="text-accent hover:underline">All backup plans</A>
            </p>
          </Show>
        )}
      </Async>
      <NewPlanDialog open={creating()} onOpenChange={setCreating} onCreated={() => void refetch()} appId={props.app.id} serverId={props.app.serverId} />
    </Card>
  );
}
