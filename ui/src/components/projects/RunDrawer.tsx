import { createEffect, createResource, createSignal, on, Show } from "solid-js";
import Undo2 from "lucide-solid/icons/undo-2";
import { api } from "../../api";
import { formatDateTime } from "../../lib/format";
import { can } from "../../lib/session";
import { toast } from "../../lib/toast";
import { JobDetail } from "../jobs/JobDetail";
import { isJobActive } from "../jobs/JobStatusBadge";
import { useJobStream } from "../jobs/useJobStream";
import { Alert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { Drawer } from "../ui/Drawer";
import { Loading } from "../ui/Loading";
import { RunStatusBadge } from "./RunStatusBadge";
import { SyncReportView } from "./SyncReportView";

/**
 * One sync run in a side sheet: its job (progress bar, step, live log), then its report once it
 * lands, and Revert while the previous database is still kept.
 */
export function RunDrawer(props: { runId: number | null; onClose: () => void; onChanged: () => void }) {
  const [run, { refetch, mutate }] = createResource(() => props.runId ?? false, (id) => api.projects.run(id).then((r) => r.run));
  // `latest` keeps the previous run while another loads: show only the one asked for.
  const current = () => {
    const r = run.state === "ready" || run.state === "refreshing" ? run.latest : undefined;
    return r && r.id === props.runId ? r : undefined;
  };
  // After Revert the drawer follows the revert job (same run, another job).
  const [revertJob, setRevertJob] = createSignal<{ runId: number; jobId: string } | null>(null);
  const followed = () => {
    const r = current();
    const rj = revertJob();
    return rj && r && rj.runId === r.id ? rj.jobId : (r?.jobId ?? undefined);
  };
  const stream = useJobStream(followed);
  const [reverting, setReverting] = createSignal(false);
  // The run's report and status are written when its job ends: read them again then.
  createEffect(
    on(
      () => stream.job()?.status,
      (s, prev) => {
        if (s && prev && isJobActive(prev) && !isJobActive(s)) {
          void refetch();
          props.onChanged();
        }
      },
    ),
  );

  return (
    <Drawer
      open={props.runId !== null}
      onOpenChange={(o) => !o && props.onClose()}
      title={current() ? `${current()!.dryRun ? "Dry run" : "Sync"} ${current()!.source.name} → ${current()!.target.name}` : "Sync run"}
      header={<Show when={current()}>{(r) => <p class="text-[12px] text-muted">Run #{r().id} · {formatDateTime(r().createdAt)}</p>}</Show>}
    >
      <Show when={current()} fallback={<Show when={run.state === "errored"} fallback={<Loading label="Loading run…" />}><div class="p-5"><Alert>Couldn't load this run.</Alert></div></Show>}>
        {(r) => (
          <div data-testid="sync-run-detail" data-status={r().status}>
            <div class="flex flex-wrap items-center gap-2 border-b border-line px-5 py-3">
              <RunStatusBadge run={r()} />
              <Show when={r().dryRun}><span class="text-[13px] text-muted">Nothing was written: this shows what a sync would change.</span></Show>
              <Show when={r().revertedAt}><span class="text-[13px] text-muted">Reverted {formatDateTime(r().revertedAt)}</span></Show>
              <Show when={r().canRevert && can("operator")}>
                <Button class="ml-auto" size="sm" onClick={() => setReverting(true)} data-testid="revert-run">
                  <Undo2 class="size-3.5" aria-hidden="true" /> Revert
                </Button>
              </Show>
            </div>
            <Show when={r().error && !r().jobId}>
              <div class="px-5 pt-4"><Alert title="The sync failed">{r().error}</Alert></div>
            </Show>
            <Show when={r().report}>
              {(rep) => (
                <div class="border-b border-line p-5">
                  <h3 class="mb-2 text-[14px] font-semibold">Report</h3>
                  <SyncReportView report={rep()} dryRun={r().dryRun} />
                </div>
              )}
            </Show>
            <Show when={followed()}>
              {(id) => (
                <>
                  <Show when={revertJob()?.runId === r().id}>
                    <h3 class="px-5 pt-4 text-[14px] font-semibold">Revert</h3>
                  </Show>
                  <JobDetail id={id()} stream={stream} />
                </>
              )}
            </Show>
            <ConfirmDialog
              open={reverting()}
              onOpenChange={setReverting}
              title={`Revert ${r().target.name}`}
              confirmLabel="Revert"
              typeToConfirm={r().target.name}
              onConfirm={async () => {
                const res = await api.projects.revert(r().id);
                mutate({ ...res.run, canRevert: false });
                setRevertJob({ runId: res.run.id, jobId: res.job.id });
                toast.success(`Reverting ${r().target.name}`, "Its database as it was before this sync is being put back.");
                props.onChanged();
              }}
            >
              <p>
                <strong>{r().target.name}</strong>'s database goes back to what it was before this sync (kept since then). Anything written to{" "}
                {r().target.name} after {formatDateTime(r().finishedAt ?? r().createdAt)} is lost.
              </p>
            </ConfirmDialog>
          </div>
        )}
      </Show>
    </Drawer>
  );
}
