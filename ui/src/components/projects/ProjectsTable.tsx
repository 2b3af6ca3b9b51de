import { createResource, For, Show } from "solid-js";
import { A } from "@solidjs/router";
import { api, type Project } from "../../api";
import { formatDateTime, formatRelative } from "../../lib/format";
import { Badge } from "../ui/Badge";
import { tableClass, tdClass, thClass } from "../ui/Page";
import { RunStatusBadge } from "./RunStatusBadge";

/** The newest run of a project (the list API doesn't carry it). */
function LastSync(props: { project: Project; now: number }) {
  const [runs] = createResource(() => props.project.id, (id) => api.projects.runs(id, 1).then((r) => r.items[0] ?? null, () => null));
  return (
    <Show when={runs()} fallback={<span class="text-muted">{runs.loading ? "…" : "Never"}</span>}>
      {(r) => (
        <span class="inline-flex flex-wrap items-center gap-2">
          <RunStatusBadge run={r()} />
          <span title={formatDateTime(r().createdAt)}>
            {r().source.name} → {r().target.name}, {formatRelative(r().createdAt, props.now)}
          </span>
        </span>
      )}
    </Show>
  );
}

export function ProjectsTable(props: { projects: Project[]; now: number }) {
  return (
    <table class={tableClass} data-testid="projects">
      <thead>
        <tr>
          <th scope="col" class={thClass}>Project</th>
          <th scope="col" class={thClass}>Environments</th>
          <th scope="col" class={thClass}>Settings</th>
          <th scope="col" class={thClass}>Last sync</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.projects}>
          {(p) => (
            <tr>
              <td class={tdClass}>
                <A href={`/projects/${p.id}`} class="font-medium text-accent hover:underline">{p.name}</A>
                <Show when={p.description}><span class="block truncate text-[12px] text-muted">{p.description}</span></Show>
              </td>
              <td class={tdClass}>
                <span class="tabular-nums">{p.environments.length}</span>
                <Show when={p.environments.length}>
                  <span class="text-muted"> · {p.environments.map((e) => e.name).join(", ")}</span>
                </Show>
              </td>
              <td class={tdClass}>
                <Show when={p.configSource !== "ui"} fallback={<span class="text-muted">Panel</span>}>
                  <Badge tone="accent">serverkit.yaml</Badge>
                </Show>
              </td>
              <td class={tdClass}><LastSync project={p} now={props.now} /></td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
