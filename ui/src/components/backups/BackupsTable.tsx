import { For, Show } from "solid-js";
import ArchiveRestore from "lucide-solid/icons/archive-restore";
import CopyPlus from "lucide-solid/icons/copy-plus";
import ScrollText from "lucide-solid/icons/scroll-text";
import type { Backup } from "../../api";
import { formatBytes, formatDateTime, formatRelative } from "../../lib/format";
import { Button } from "../ui/Button";
import { tableClass, tdClass, thClass } from "../ui/Page";
import { Tip } from "../ui/Tip";
import { BackupStatusBadge, PartChips, ReasonBadge, VerifiedBadge } from "./badges";
import { RunProgress } from "./RunProgress";
import { DownloadPartsMenu } from "./DownloadPartsMenu";

/** A plan's runs, newest first: when, why, how it went, size, parts, drill verdict, restore and log. */
export function BackupsTable(props: {
  items: Backup[];
  now: number;
  /** Restore button shown (admins); `restoreBlocked` says why it is disabled, if it is. */
  canRestore: boolean;
  restoreBlocked: (b: Backup) => string | null;
  onRestore: (b: Backup) => void;
  /** "Restore as new app" (app plans only). */
  onClone?: (b: Backup) => void;
  onLog: (jobId: string) => void;
}) {
  return (
    <table class={tableClass}>
      <thead>
        <tr>
          <th scope="col" class={thClass}>Time</th>
          <th scope="col" class={thClass}>Reason</th>
          <th scope="col" class={thClass}>Status</th>
          <th scope="col" class={`${thClass} text-right`}>Size</th>
          <th scope="col" class={`${thClass} hidden lg:table-cell`}>Parts</th>
          <th scope="col" class={`${thClass} hidden md:table-cell`}>Verified</th>
          <th scope="col" class={thClass}><span class="sr-only">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        <For each={props.items}>
          {(b) => (
            <tr class="hover:bg-surface-2/60" data-testid="backup-row" data-status={b.status} data-reason={b.reason} data-id={b.id}>
              <td class={`${tdClass} whitespace-nowrap`} title={formatDateTime(b.createdAt)}>
                {formatRelative(b.createdAt, props.now)}
              </td>
              <td class={tdClass}><ReasonBadge reason={b.reason} /></td>
              <td class={tdClass}>
                <Show when={b.status === "running" && b.jobId} fallback={<StatusCell backup={b} />}>
                  {(jobId) => <RunProgress jobId={jobId()} label={`Backup from ${formatDateTime(b.createdAt)}`} />}
                </Show>
              </td>
              <td class={`${tdClass} text-right tabular-nums whitespace-nowrap`}>{b.status === "succeeded" ? formatBytes(b.bytes) : "—"}</td>
              <td class={`${tdClass} hidden lg:table-cell`}><PartChips parts={b.parts} /></td>
              <td class={`${tdClass} hidden md:table-cell`}>
                <Show when={b.status === "succeeded"} fallback={<span class="text-muted">—</span>}><VerifiedBadge backup={b} /></Show>
              </td>
              <td class={`${tdClass} text-right`}>
                <span class="inline-flex items-center gap-1">
                  <Show when={props.canRestore && b.status === "succeeded"}>
                    <Show
                      when={props.restoreBlocked(b)}
                      fallback={<RestoreButton onClick={() => props.onRestore(b)} />}
                    >
                      {(why) => <Tip content={why()}><RestoreButton disabled /></Tip>}
                    </Show>
                  </Show>
                  <Show when={props.canRestore && b.status === "succeeded" && props.onClone}>
                    {(clone) => (
                      <Button size="sm" variant="ghost" onClick={() => clone()(b)} data-testid="clone-backup">
                        <CopyPlus class="size-3.5" aria-hidden="true" /> Restore as new app
                      </Button>
                    )}
                  </Show>
                  <Show when={b.jobId}>
                    {(jobId) => (
                      <Button size="sm" variant="ghost" onClick={() => props.onLog(jobId())} data-testid="backup-log">
                        <ScrollText class="size-3.5" aria-hidden="true" /> View log
                      </Button>
                    )}
                  </Show>
                  <Show when={props.canRestore && b.status === "succeeded" && b.parts.length > 0}>
                    <DownloadPartsMenu backup={b} />
                  </Show>
                </span>
              </td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}

function RestoreButton(props: { onClick?: () => void; disabled?: boolean }) {
  return (
    <Button size="sm" onClick={() => props.onClick?.()} disabled={props.disabled} data-testid="restore-backup">
      <ArchiveRestore class="size-3.5" aria-hidden="true" /> Restore
    </Button>
  );
}

/** Finished status; a failure shows its error in a tooltip and, expandable, in the row. */
function StatusCell(props: { backup: Backup }) {
  return (
    <Show when={props.backup.status === "failed" && props.backup.error} fallback={<BackupStatusBadge status={props.backup.status} />}>
      {(err) => (
        <details class="group max-w-[18rem]">
          <summary class="inline-flex cursor-pointer list-none items-center gap-1.5 rounded" title={err()}>
            <BackupStatusBadge status="failed" />
            <span class="text-[12px] text-accent group-open:hidden">Why?</span>
            <span class="hidden text-[12px] text-accent group-open:inline">Hide</span>
          </summary>
          <p class="mt-1 text-[12px] text-danger [overflow-wrap:anywhere]" data-testid="backup-error">{err()}</p>
        </details>
      )}
    </Show>
  );
}
