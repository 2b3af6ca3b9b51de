import { For, Show } from "solid-js";
import type { AppDetail } from "../../api";
import { formatDateTime, formatRelative } from "../../lib/format";
import { can } from "../../lib/session";
import { useOpenJob } from "../jobs/openJob";
import { JobStatusBadge, jobKindLabel } from "../jobs/JobStatusBadge";
import { Alert } from "../ui/Alert";
import { Card, tableClass, tdClass, thClass } from "../ui/Page";
import type { MenuAction } from "../ui/ActionMenu";
import type { ContainerSummary } from "../../api";
import { AppActions } from "./AppActions";
import { AppContainers } from "./AppContainers";
import { AppLinks } from "./AppLinks";

export function AppOverview(props: {
  detail: AppDetail;
  onOpenContainer: (c: ContainerSummary) => void;
  containerMenu: (c: ContainerSummary) => MenuAction[];
  onChanged: () => void;
}) {
  const openJob = useOpenJob();
  const app = () => props.detail.app;
  return (
    <div class="space-y-4">
      <Show when={app().warnings.length > 0}>
        <Alert kind="warning" title="Warnings">
          <ul class="list-disc pl-4">
            <For each={app().warnings}>{(w) => <li>{w}</li>}</For>
          </ul>
        </Alert>
      </Show>
      <Show when={can("operator")}>
        <AppActions app={app()} onStarted={props.onChanged} />
      </Show>
      <div class="grid items-start gap-4 lg:grid-cols-2">
        <Card title="Open the app" id="app-urls">
          <AppLinks app={app()} />
        </Card>
        <Card title="Details" id="app-meta">
          <dl class="grid grid-cols-[8rem_minmax(0,1fr)] gap-y-1.5 text-[13px]">
            <dt class="text-muted">Template</dt>
            <dd>{app().templateName ?? "Own compose file"}</dd>
            <dt class="text-muted">Server</dt>
            <dd>{app().serverId}</dd>
            <dt class="text-muted">Created</dt>
            <dd title={formatDateTime(app().createdAt)}>{formatRelative(app().createdAt)}</dd>
            <dt class="text-muted">Last change</dt>
            <dd title={formatDateTime(app().updatedAt)}>{formatRelative(app().updatedAt)}</dd>
            <Show when={app().lastJob}>
              {(j) => (
                <>
                  <dt class="text-muted">Last job</dt>
                  <dd class="flex flex-wrap items-center gap-2">
                    <span>{jobKindLabel(j().kind)}</span>
                    <JobStatusBadge status={j().status} />
                    <button type="button" class="text-[12px] text-accent hover:underline" onClick={() => openJob(j().id)}>
                      View log
                    </button>
                  </dd>
                </>
              )}
            </Show>
          </dl>
        </Card>
      </div>
      <Show when={app().ports.length > 0}>
        <Card title="Published ports" id="app-ports" bodyClass="overflow-x-auto">
          <table class={tableClass}>
            <thead>
              <tr>
                <th scope="col" class={thClass}>Service</th>
                <th scope="col" class={thClass}>Host port</th>
                <th scope="col" class={thClass}>Container port</th>
              </tr>
            </thead>
            <tbody>
              <For each={app().ports}>
                {(p) => (
                  <tr>
                    <td class={tdClass}>{p.service ?? "—"}</td>
                    <td class={`${tdClass} font-mono`}>{p.hostPort}</td>
                    <td class={`${tdClass} font-mono`}>{p.containerPort ?? "—"}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Card>
      </Show>
      <Card title="Containers" id="app-containers" bodyClass="overflow-x-auto">
        <AppContainers containers={props.detail.containers} onOpen={props.onOpenContainer} menu={props.containerMenu} />
      </Card>
    </div>
  );
}
