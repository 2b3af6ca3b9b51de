import { Show } from "solid-js";
import { A } from "@solidjs/router";
import ArrowDownToLine from "lucide-solid/icons/arrow-down-to-line";
import FlaskConical from "lucide-solid/icons/flask-conical";
import Pencil from "lucide-solid/icons/pencil";
import Trash2 from "lucide-solid/icons/trash";
import type { AppStatus, Environment, ScheduledSync, SyncRun } from "../../api";
import { formatDateTime, formatRelative } from "../../lib/format";
import { can } from "../../lib/session";
import { scheduleText } from "../backups/schedule";
import { AppStatusBadge } from "../apps/AppStatusBadge";
import { Button, IconButton } from "../ui/Button";
import { RunStatusBadge } from "./RunStatusBadge";

/** One environment, as a card beside its siblings: where it runs, its database, its syncs. */
export function EnvironmentCard(props: {
  env: Environment;
  lastRun: SyncRun | undefined;
  next: ScheduledSync | undefined;
  /** Settings come from serverkit.yaml: no edits here. */
  locked: boolean;
  now: number;
  onEdit: () => void;
  onRemove: () => void;
  onSync: (dryRun: boolean) => void;
  onOpenRun: (run: SyncRun) => void;
}) {
  const e = () => props.env;
  const row = "grid grid-cols-[6.5rem_minmax(0,1fr)] gap-x-2 gap-y-1.5 text-[13px]";
  return (
    <section class="flex flex-col rounded-lg border border-line bg-surface" aria-labelledby={`env-${e().id}-title`} data-testid={`environment-${e().name}`}>
      <div class="flex items-center justify-between gap-2 border-b border-line px-4 py-2.5">
        <h2 id={`env-${e().id}-title`} class="truncate text-[15px] font-semibold">{e().name}</h2>
        <Show when={can("operator") && !props.locked}>
          <span class="flex shrink-0">
            <IconButton label={`Edit ${e().name}`} onClick={() => props.onEdit()}>
              <Pencil class="size-4" aria-hidden="true" />
            </IconButton>
            <IconButton label={`Remove ${e().name}`} onClick={() => props.onRemove()}>
              <Trash2 class="size-4" aria-hidden="true" />
            </IconButton>
          </span>
        </Show>
      </div>
      <dl class={`${row} flex-1 content-start p-4`}>
        <dt class="text-muted">App</dt>
        <dd class="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
          <Show when={e().app} fallback={<span class="text-danger">App #{e().appId} was removed</span>}>
            {(app) => (
              <>
                <A href={`/apps/${encodeURIComponent(app().id)}`} class="truncate text-accent hover:underline">{app().name}</A>
                <span class="text-muted">on {app().serverName}</span>
                <AppStatusBadge status={app().status as AppStatus} />
              </>
            )}
          </Show>
        </dd>
        <dt class="text-muted">Domain</dt>
        <dd class="truncate">
          <Show when={e().domain} fallback={<span class="text-muted">—</span>}>
            {(d) => <a href={`https://${d()}`} target="_blank" rel="noopener noreferrer" class="text-accent hover:underline">{d()}</a>}
          </Show>
        </dd>
        <dt class="text-muted">Database</dt>
        <dd class="min-w-0 [overflow-wrap:anywhere]">
          <Show when={e().database} fallback={<span class="text-warning">{e().databaseError ?? "None found"}</span>}>
            {(db) => (
              <span title={db().kind === "embedded" ? "A database service of the app's own compose file" : "A database linked to the app"}>
                {db().label} <span class="text-muted">· {db().engine}</span>
              </span>
            )}
          </Show>
        </dd>
        <dt class="text-muted">Synced from</dt>
        <dd>{e().sync ? <span class="font-medium">{e().sync!.source}</span> : <span class="text-muted">Never synced into</span>}</dd>
        <Show when={e().sync}>
          {(s) => (
            <>
              <dt class="text-muted">Schedule</dt>
              <dd>
                {scheduleText(s().schedule)}
                <Show when={props.next?.nextAt}>
                  {(at) => <span class="text-muted" title={formatDateTime(at())}> · next {formatRelative(at(), props.now)}</span>}
                </Show>
              </dd>
            </>
          )}
        </Show>
        <dt class="text-muted">Last sync</dt>
        <dd>
          <Show when={props.lastRun} fallback={<span class="text-muted">—</span>}>
            {(r) => (
              <button type="button" class="inline-flex flex-wrap items-center gap-x-2 gap-y-1 text-left hover:underline" onClick={() => props.onOpenRun(r())}>
                <RunStatusBadge run={r()} />
                <span class="whitespace-nowrap" title={formatDateTime(r().createdAt)}>
                  {formatRelative(r().createdAt, props.now)} <span class="text-muted">from {r().source.name}</span>
                </span>
              </button>
            )}
          </Show>
        </dd>
      </dl>
      <Show when={e().sync && can("operator")}>
        <div class="flex flex-wrap justify-end gap-2 border-t border-line px-4 py-2.5">
          <Button size="sm" onClick={() => props.onSync(true)} data-testid={`dry-run-${e().name}`}>
            <FlaskConical class="size-3.5" aria-hidden="true" /> Dry run
          </Button>
          <Button size="sm" variant="primary" onClick={() => props.onSync(false)} data-testid={`sync-${e().name}`}>
            <ArrowDownToLine class="size-3.5" aria-hidden="true" /> Sync now
          </Button>
        </div>
      </Show>
    </section>
  );
}
