import { For, Show } from "solid-js";
import { A } from "@solidjs/router";
import type { Container } from "../../api";
import type { Sorter } from "../../lib/sort";
import { formatDateTime } from "../../lib/format";
import { ActionMenu, type MenuAction } from "../ui/ActionMenu";
import { SortHeader } from "../ui/SortHeader";
import { tableClass, tdClass, thClass } from "../ui/Page";
import { ContainerStateBadge, publishedPorts, uptime } from "./ContainerState";

export type ContainerSortKey = "name" | "image" | "state" | "app" | "uptime";

/** Containers with state, ports, owning app and uptime; a row's name opens the container drawer. */
export function ContainersTable(props: {
  containers: Container[];
  sort: Sorter<ContainerSortKey>;
  now: number;
  onOpen: (c: Container) => void;
  menu: (c: Container) => MenuAction[];
  appHref: (appName: string) => string | null;
}) {
  return (
    <table class={tableClass}>
      <thead>
        <tr>
          <SortHeader label="Name" k="name" sort={props.sort} />
          <SortHeader label="Image" k="image" sort={props.sort} class="hidden md:table-cell" />
          <SortHeader label="State" k="state" sort={props.sort} />
          <th scope="col" class={`${thClass} hidden lg:table-cell`}>Ports</th>
          <SortHeader label="App" k="app" sort={props.sort} class="hidden sm:table-cell" />
          <SortHeader label="Uptime" k="uptime" sort={props.sort} class="hidden md:table-cell" />
          <th scope="col" class={`${thClass} w-10`}>
            <span class="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        <For each={props.containers}>
          {(c) => (
            <tr class="hover:bg-surface-2/60">
              <td class={`${tdClass} max-w-[10.5rem] sm:max-w-[16rem]`}>
                <button
                  type="button"
                  class="block max-w-full truncate text-left font-medium text-accent hover:underline"
                  onClick={() => props.onOpen(c)}
                >
                  {c.name}
                </button>
                <span class="block truncate text-[12px] text-muted md:hidden">{c.image}</span>
              </td>
              <td class={`${tdClass} hidden max-w-[16rem] truncate font-mono text-[12px] md:table-cell`} title={c.image}>
                {c.image}
              </td>
              <td class={tdClass}>
                <ContainerStateBadge container={c} />
              </td>
              <td class={`${tdClass} hidden font-mono text-[12px] lg:table-cell`}>
                <Show when={publishedPorts(c.ports).length > 0} fallback={<span class="text-muted">—</span>}>
                  <For each={publishedPorts(c.ports)}>{(p) => <span class="block whitespace-nowrap">{p}</span>}</For>
                </Show>
              </td>
              <td class={`${tdClass} hidden sm:table-cell`}>
                <Show when={c.app} fallback={<span class="text-muted">—</span>}>
                  {(app) => (
                    <Show when={props.appHref(app())} fallback={<span>{app()}</span>}>
                      {(href) => (
                        <A href={href()} class="text-accent hover:underline">
                          {app()}
                        </A>
                      )}
                    </Show>
                  )}
                </Show>
              </td>
              <td
                class={`${tdClass} hidden whitespace-nowrap text-muted md:table-cell`}
                title={c.startedAt ? `Started ${formatDateTime(c.startedAt)}` : c.status}
              >
                {uptime(c, props.now)}
              </td>
              <td class={`${tdClass} text-right`}>
                <Show when={props.menu(c).length > 0}>
                  <ActionMenu label={`Actions for ${c.name}`} actions={props.menu(c)} />
                </Show>
              </td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
