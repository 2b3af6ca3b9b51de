import { createResource, createSignal, For, Show } from "solid-js";
import DatabaseBackup from "lucide-solid/icons/database-backup";
import Plus from "lucide-solid/icons/plus";
import { api, type BackupPlan } from "../api";
import { useNow } from "../lib/now";
import { valueOf } from "../lib/resource";
import { can } from "../lib/session";
import { stableList } from "../lib/stable";
import { AsyncLive } from "../components/ui/AsyncLive";
import { Button } from "../components/ui/Button";
import { EmptyState } from "../components/ui/EmptyState";
import { Card, PageHeader } from "../components/ui/Page";
import { NewPlanDialog } from "../components/backups/NewPlanDialog";
import { PlanCard } from "../components/backups/PlanCard";
import { usePlanTargets } from "../components/backups/targets";
import { useBackupJobs } from "../components/backups/useBackupJobs";
import { useRunBackup } from "../components/backups/useRunBackup";

/** /backups — backup plans: what is backed up, where to, when, and how the last run went. */
export default function Backups() {
  const [plans, { refetch }] = createResource<BackupPlan[]>((_, info) =>
    api.backups.plans().then((r) => stableList(info.value, r.items, (p) => String(p.id))),
  );
  const targets = usePlanTargets(() => valueOf(plans));
  const [creating, setCreating] = createSignal(false);
  // Bumped when backup jobs start or end: every card fetches its last backup again.
  const [version, setVersion] = createSignal(0);
  const changed = () => setVersion((v) => v + 1);
  useBackupJobs(changed);
  const runner = useRunBackup(changed);
  const now = useNow(30_000);

  const NewButton = () => (
    <Show when={can("admin")}>
      <Button variant="primary" onClick={() => setCreating(true)} data-testid="new-backup-plan">
        <Plus class="size-4" aria-hidden="true" /> New plan
      </Button>
    </Show>
  );

  return (
    <>
      <PageHeader
        title="Backups"
        description="Plans that back up apps and databases to a local folder or S3, on a schedule or on demand."
        actions={<Show when={valueOf(plans)?.length}><NewButton /></Show>}
      />
      <AsyncLive of={plans} retry={refetch} loadingLabel="Loading backup plans…">
        {(items) => (
          <Show
            when={items().length > 0}
            fallback={
              <Card>
                <EmptyState
                  icon={<DatabaseBackup class="size-6" />}
                  title="No backup plans yet"
                  action={<Show when={can("admin")} fallback={<p class="text-[13px] text-muted">Ask an admin to create one.</p>}><NewButton /></Show>}
                >
                  A plan backs up an app (its volumes, files and linked databases) or one database, on a schedule or when you ask. Every backup is
                  encrypted and checksummed before it leaves the server, old ones are pruned by your retention rules, and any backup can be restored
                  in place: ServerKit checks it first and keeps a safety copy of the current data.
                </EmptyState>
              </Card>
            }
          >
            <div class="grid gap-3 md:grid-cols-2 2xl:grid-cols-3">
              <For each={items()}>
                {(p) => (
                  <PlanCard plan={p} targets={targets} version={version()} now={now()} busy={runner.busy(p.id)} onRun={() => void runner.run(p)} />
                )}
              </For>
            </div>
          </Show>
        )}
      </AsyncLive>
      <NewPlanDialog open={creating()} onOpenChange={setCreating} onCreated={() => void refetch()} />
    </>
  );
}
