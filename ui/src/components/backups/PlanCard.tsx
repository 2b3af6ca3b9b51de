import { createResource, Show } from "solid-js";
import { A } from "@solidjs/router";
import CalendarClock from "lucide-solid/icons/calendar-clock";
import Play from "lucide-solid/icons/play";
import { api, errorMessage, type Backup, type BackupPlan } from "../../api";
import { formatBytes, formatDateTime, formatRelative } from "../../lib/format";
import { can } from "../../lib/session";
import { Button } from "../ui/Button";
import { Tip } from "../ui/Tip";
import { BackupStatusBadge, StorageLabel } from "./badges";
import { RunProgress } from "./RunProgress";
import { retentionText, scheduleText } from "./schedule";
import { PlanWhat, type PlanTargets } from "./targets";

export const planHref = (p: Pick<BackupPlan, "id">) => `/backups/${encodeURIComponent(p.id)}`;

/** One plan: what, where, when, how many kept, its last backup, and "Back up now". */
export function PlanCard(props: {
  plan: BackupPlan;
  targets: PlanTargets;
  /** Bumped when backup jobs start or end: the last backup is fetched again. */
  version: number;
  now: number;
  busy: boolean;
  onRun: () => void;
}) {
  const p = () => props.plan;
  const [last] = createResource(
    () => [p().id, props.version] as const,
    ([id]) => api.backups.list(id).then((r) => r.items[0] ?? null),
  );
  const latest = (): Backup | null | undefined => (last.state === "errored" ? undefined : last.latest);

  return (
    <section class="flex flex-col rounded-lg border border-line bg-surface p-4" data-testid="backup-plan-card" data-name={p().name} aria-label={`Backup plan ${p().name}`}>
      <div class="flex items-start justify-between gap-2">
        <div class="min-w-0">
          <A href={planHref(p())} class="block truncate font-semibold hover:text-accent hover:underline">{p().name}</A>
          <PlanWhat plan={p()} targets={props.targets} class="mt-1 max-w-full text-[13px]" />
        </div>
        <Show when={can("operator")}>
          <Button size="sm" onClick={() => props.onRun()} loading={props.busy} data-testid="run-backup">
            <Show when={!props.busy}><Play class="size-3.5" aria-hidden="true" /></Show> Back up now
          </Button>
        </Show>
      </div>
      <dl class="mt-3 grid gap-1.5 text-[13px]">
        <div class="flex min-w-0 items-center gap-2">
          <dt class="sr-only">Where</dt>
          <dd class="min-w-0"><StorageLabel storage={p().storage} /></dd>
        </div>
        <div class="flex min-w-0 items-center gap-1.5">
          <dt class="sr-only">When</dt>
          <CalendarClock class="size-4 shrink-0 text-muted" aria-hidden="true" />
          <dd class="min-w-0 truncate">
            <span classList={{ "font-mono text-[12px]": !!p().schedule && scheduleText(p().schedule) === p().schedule }}>{scheduleText(p().schedule)}</span>
            <span class="text-muted"> · {retentionText(p().retention)}</span>
          </dd>
        </div>
      </dl>
      <div class="mt-auto pt-3">
        <div class="border-t border-line pt-2.5 text-[12px] text-muted" aria-live="polite">
          <Show when={last.state === "errored"}>
            <span class="text-danger">Couldn't load its backups: {errorMessage(last.error)}</span>
          </Show>
          <Show when={last.state !== "errored" && latest() !== undefined} fallback={<Show when={last.state !== "errored"}>Loading last backup…</Show>}>
            <Show when={latest()} fallback={<span>No backup yet{p().schedule ? " — the first one runs on schedule" : ""}.</span>}>
              {(b) => (
                <Show
                  when={b().status !== "running" || !b().jobId}
                  fallback={<RunProgress jobId={b().jobId!} label={`Backup of ${p().name}`} />}
                >
                  <span class="flex flex-wrap items-center gap-x-2 gap-y-1">
                    <span>Last backup</span>
                    <Show when={b().status === "failed" && b().error} fallback={<BackupStatusBadge status={b().status} />}>
                      <Tip content={b().error}><BackupStatusBadge status={b().status} /></Tip>
                    </Show>
                    <span title={formatDateTime(b().finishedAt ?? b().createdAt)}>{formatRelative(b().finishedAt ?? b().createdAt, props.now)}</span>
                    <Show when={b().status === "succeeded"}>
                      <span class="tabular-nums">· {formatBytes(b().bytes)}</span>
                    </Show>
                  </span>
                </Show>
              )}
            </Show>
          </Show>
        </div>
      </div>
    </section>
  );
}
