import { createResource, createSignal, For, Show } from "solid-js";
import Archive from "lucide-solid/icons/archive";
import { api, type Backup, type BackupPlan } from "../../api";
import { can } from "../../lib/session";
import { stableList } from "../../lib/stable";
import { toast } from "../../lib/toast";
import { useOpenJob } from "../jobs/openJob";
import { Async } from "../ui/Async";
import { EmptyState } from "../ui/EmptyState";
import { Card } from "../ui/Page";
import { BackupsTable } from "./BackupsTable";
import { RestoreDialog } from "./RestoreDialog";
import { RestoreJobPanel } from "./RestoreJobPanel";
import { CloneDialog } from "./CloneDialog";
import { CloneJobPanel } from "./CloneJobPanel";
import { confirmNameOf, type PlanTargets } from "./targets";

/** Kept as stable objects: <For> re-creates a panel for a new object. */
interface Restore { jobId: string; from: string }
interface Clone { jobId: string; from: string; name: string }

/** The plan's backups (live), with restores followed inline above the table. */
export function PlanBackupsCard(props: { plan: BackupPlan; targets: PlanTargets; version: number; now: number; onChanged: () => void }) {
  const [backups, { refetch }] = createResource<Backup[], readonly [number, number]>(
    () => [props.plan.id, props.version] as const,
    ([id], info) => api.backups.list(id).then((r) => stableList(info.value, r.items, (b) => b.id)),
  );
  const [asking, setAsking] = createSignal<Backup | null>(null);
  const [restores, setRestores] = createSignal<Restore[]>([]);
  const [cloning, setCloning] = createSignal<Backup | null>(null);
  const [clones, setClones] = createSignal<Clone[]>([]);
  const [done, setDone] = createSignal<ReadonlySet<string>>(new Set());
  const openJob = useOpenJob();
  const name = () => confirmNameOf(props.plan, props.targets);
  const isApp = () => props.plan.scope === "app";

  const blocked = (_: Backup): string | null => {
    if (isApp() && props.plan.appId === null) return "The app was removed: there is nothing to restore into.";
    if (!name()) return props.targets.loaded() ? "The app this plan backs up wasn't found." : "Loading…";
    if (restores().some((r) => !done().has(r.jobId))) return "A restore is already running.";
    return null;
  };
  const finished = (jobId: string, ok: boolean) => {
    setDone((d) => new Set(d).add(jobId));
    props.onChanged();
    if (ok) toast.success(`${name() ?? "Restore"} restored`, "A safety backup of the previous data was kept.");
    else toast.error("The restore failed", "The original data was left as it was. Open its log for details.");
  };

  return (
    <>
      <For each={restores()}>
        {(r) => (
          <RestoreJobPanel
            jobId={r.jobId}
            what={name() ?? "backup"}
            isApp={isApp()}
            from={r.from}
            onFinished={(j) => finished(r.jobId, j.status === "succeeded")}
            onDismiss={() => setRestores((l) => l.filter((x) => x.jobId !== r.jobId))}
          />
        )}
      </For>
      <For each={clones()}>
        {(c) => (
          <CloneJobPanel
            jobId={c.jobId}
            name={c.name}
            from={c.from}
            onFinished={(j) => {
              if (j.status === "succeeded") toast.success(`${c.name} is running`, "A copy of the app from the backup, beside the original.");
              else toast.error(`${c.name} couldn't be made`, "Nothing of it was left behind; the original was not touched. Open its log for details.");
            }}
            onDismiss={() => setClones((l) => l.filter((x) => x.jobId !== c.jobId))}
          />
        )}
      </For>
      <Card title="Backups" id="plan-backups" bodyClass="overflow-x-auto">
        <Async of={backups} retry={refetch} loadingLabel="Loading backups…">
          {(items) => (
            <Show
              when={items.length > 0}
              fallback={
                <EmptyState icon={<Archive class="size-6" />} title="No backups yet">
                  {props.plan.schedule ? "The first one runs on schedule, or start one now with “Back up now”." : "This plan runs only on demand: start one with “Back up now”."}
                </EmptyState>
              }
            >
              <BackupsTable
                items={items}
                now={props.now}
                canRestore={can("admin")}
                restoreBlocked={blocked}
                onRestore={setAsking}
                onClone={isApp() ? setCloning : undefined}
                onLog={openJob}
              />
            </Show>
          )}
        </Async>
      </Card>
      <RestoreDialog
        plan={props.plan}
        backup={asking()}
        confirmName={name() ?? ""}
        onOpenChange={(o) => !o && setAsking(null)}
        onStarted={(job, b) => {
          setRestores((l) => [{ jobId: job.id, from: b.createdAt }, ...l]);
          props.onChanged();
        }}
      />
      <CloneDialog
        backup={cloning()}
        appName={props.targets.app(props.plan.appId)?.name}
        server={props.plan.serverId}
        onOpenChange={(o) => !o && setCloning(null)}
        onStarted={(job, b, n) => setClones((l) => [{ jobId: job.id, from: b.createdAt, name: n }, ...l])}
      />
    </>
  );
}
