import { createResource, createSignal, Show } from "solid-js";
import { DetailFrame } from "../components/layout/DetailFrame";
import { useNavigate, useParams } from "@solidjs/router";
import Play from "lucide-solid/icons/play";
import Trash2 from "lucide-solid/icons/trash";
import Pencil from "lucide-solid/icons/pencil";
import { NewPlanDialog } from "../components/backups/NewPlanDialog";
import { DrillButton } from "../components/backups/DrillButton";
import { api } from "../api";
import { useNow } from "../lib/now";
import { valueOf } from "../lib/resource";
import { can } from "../lib/session";
import { toast } from "../lib/toast";
import { Button } from "../components/ui/Button";
import { ConfirmDialog } from "../components/ui/ConfirmDialog";
import { PlanBackupsCard } from "../components/backups/PlanBackupsCard";
import { PlanFacts } from "../components/backups/PlanFacts";
import { usePlanTargets } from "../components/backups/targets";
import { useBackupJobs } from "../components/backups/useBackupJobs";
import { useRunBackup } from "../components/backups/useRunBackup";

/** /backups/:planId — one plan: its settings, its backups (live), back up now, restore, delete. */
export default function BackupPlan() {
  const params = useParams<{ planId: string }>();
  const navigate = useNavigate();
  const [plan, { refetch }] = createResource(() => Number(params.planId), (id) => api.backups.plan(id).then((r) => r.plan));
  const targets = usePlanTargets(() => {
    const p = valueOf(plan);
    return p ? [p] : undefined;
  });
  const [version, setVersion] = createSignal(0);
  const changed = () => setVersion((v) => v + 1);
  useBackupJobs(changed);
  const runner = useRunBackup(changed);
  const now = useNow(30_000);
  const [deleting, setDeleting] = createSignal(false);
  const [editing, setEditing] = createSignal(false);

  return (
    <>
      <DetailFrame
        back="/backups"
        backLabel="Backups"
        of={plan}
        retry={refetch}
        loadingLabel="Loading backup plan…"
        goneTitle="This backup plan doesn't exist (any more)"
        gone={<>It may have been deleted by an admin. Its backups were left in their storage.</>}
      >
        {(p) => (
          <>
            <div class="mb-4 flex flex-wrap items-center gap-x-3 gap-y-2">
              <h1 class="text-xl font-semibold tracking-tight" data-testid="plan-title">{p().name}</h1>
              <span class="text-[13px] text-muted">{p().scope === "app" ? "App backup" : "Database backup"}</span>
              <div class="ml-auto flex flex-wrap items-center gap-2">
                <Show when={can("admin")}>
                  <Button variant="ghost" class="text-danger" onClick={() => setDeleting(true)} data-testid="delete-backup-plan">
                    <Trash2 class="size-4" aria-hidden="true" /> Delete plan
                  </Button>
                  <Button onClick={() => setEditing(true)} data-testid="edit-backup-plan">
                    <Pencil class="size-4" aria-hidden="true" /> Edit
                  </Button>
                </Show>
                <Show when={can("operator")}>
                  <DrillButton plan={p()} onDone={changed} />
                </Show>
                <Show when={can("operator")}>
                  <Button variant="primary" onClick={() => void runner.run(p())} loading={runner.busy(p().id)} data-testid="run-backup">
                    <Show when={!runner.busy(p().id)}><Play class="size-4" aria-hidden="true" /></Show> Back up now
                  </Button>
                </Show>
              </div>
            </div>
            <div class="space-y-4">
              <PlanFacts plan={p()} targets={targets} />
              <div>
                <PlanBackupsCard plan={p()} targets={targets} version={version()} now={now()} onChanged={changed} />
              </div>
            </div>
            <NewPlanDialog open={editing()} onOpenChange={setEditing} plan={p()} onCreated={() => void refetch()} />
            <ConfirmDialog
              open={deleting()}
              onOpenChange={setDeleting}
              title={`Delete plan ${p().name}`}
              confirmLabel="Delete plan"
              typeToConfirm={p().name}
              onConfirm={async () => {
                await api.backups.removePlan(p().id);
                toast.success(`Plan ${p().name} deleted`, `Its backups stay in ${p().storage.label}.`);
                navigate("/backups");
              }}
            >
              <div class="space-y-2">
                <p>
                  The plan <strong>{p().name}</strong> and its schedule are removed: no more backups are taken, and none are pruned.
                </p>
                <p class="text-muted">
                  The backups already stored stay in <span class="font-mono">{p().storage.label}</span>; nothing there is deleted. They are no longer
                  listed or restorable from the panel, so remove them from the storage yourself when you no longer need them.
                </p>
              </div>
            </ConfirmDialog>
          </>
        )}
      </DetailFrame>
    </>
  );
}
