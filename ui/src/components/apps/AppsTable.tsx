import { For, Show } from "solid-js";
import { A } from "@solidjs/router";
import type { App } from "../../api";
import { formatDateTime, formatRelative } from "../../lib/format";
import type { Sorter } from "../../lib/sort";
import { SortHeader } from "../ui/SortHeader";
import { tableClass, tdClass, thClass } from "../ui/Page";
import { AppLinks } from "./AppLinks";
import { AppStatusBadge } from "./AppStatusBadge";

export type AppSortKey = "name" | "status" | "template" | "created";

export function AppsTable(props: { apps: App[]; sort: Sorter<AppSortKey>; now: number }) {
  return (
    <table class={tableClass}>
      <thead>
        <tr>
          <SortHeader label="Name" k="name" sort={props.sort} />
          <SortHeader label="Status" k="status" sort={props.sort} />
          <SortHeader label="Template" k="template" sort={props.sort} class="hidden md:table-cell" />
          <th scope="col" class={`${thClass} hidden sm:table-cell`}>
            URLs / ports
          </th>
          <SortHeader label="Created" k="created" sort={props.sort} class="hidden lg:table-cell" />
        </tr>
      </thead>
      <tbody>
        <For each={props.apps}>
          {(app) => (
            <tr class="hover:bg-surface-2/60">
              <td class={tdClass}>
                <A href={`/apps/${encodeURIComponent(app.id)}`} class="font-medium text-accent hover:underline">
                  {app.name}
                </A>
                <Show when={app.urls[0]}>
                  {(url) => (
                    <a href={url()} target="_blank" rel="noopener noreferrer" class="block truncate font-mono text-[12px] text-accent sm:hidden">
                      {url()}
                    </a>
                  )}
                </Show>
                <Show when={app.warnings.length > 0}>
                  <span class="block text-[12px] text-warning">{app.warnings.length} warning{app.warnings.length === 1 ? "" : "s"}</span>
                </Show>
              </td>
              <td class={tdClass}>
                <AppStatusBadge status={app.status} />
              </td>
              <td class={`${tdClass} hidden md:table-cell`}>
                {app.templateName ?? <span class="text-muted">Compose</span>}
              </td>
              <td class={`${tdClass} hidden sm:table-cell`}>
                <AppLinks app={app} compact />
              </td>
              <td class={`${tdClass} hidden whitespace-nowrap text-muted lg:table-cell`} title={formatDateTime(app.createdAt)}>
                {formatRelative(app.createdAt, props.now)}
              </td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
