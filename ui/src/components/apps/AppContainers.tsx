import { For, Show } from "solid-js";
import type { ContainerSummary } from "../../api";
import { formatDateTime } from "../../lib/format";
import { useNow } from "../../lib/now";
import { ActionMenu, type MenuAction } from "../ui/ActionMenu";
import { tableClass, tdClass, thClass } from "../ui/Page";
import { ContainerStateBadge, publishedPorts, uptime } from "../docker/ContainerState";

/** The app's containers with state; quick actions sit in a row menu (and in the drawer). */
export function AppContainers(props: {
  containers: ContainerSummary[];
  onOpen: (c: ContainerSummary) => void;
  menu: (c: ContainerSummary) => MenuAction[];
}) {
  const now = useNow(30_000);
  return (
    <Show when={props.containers.length > 0} fallback={<p class="p-4 text-[13px] text-muted">No containers: the app isn't deployed right now.</p>}>
      <table class={tableClass}>
        <thead>
          <tr>
            <th scope="col" class={thClass}>Container</th>
            <th scope="col" class={thClass}>State</th>
            <th scope="col" class={`${thClass} hidden md:table-cell`}>Image</th>
            <th scope="col" class={`${thClass} hidden lg:table-cell`}>Ports</th>
            <th scope="col" class={`${thClass} hidden sm:table-cell`}>Uptime</th>
            <th scope="col" class={`${thClass} w-10`}><span class="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          <For each={props.containers}>
            {(c) => (
              <tr>
                <td class={tdClass}>
                  <button type="button" class="text-left font-medium text-accent hover:underline" onClick={() => props.onOpen(c)}>
                    {c.service ?? c.name}
                  </button>
                  <span class="block text-[12px] text-muted">{c.name}</span>
                </td>
                <td class={tdClass}><ContainerStateBadge container={c} /></td>
                <td class={`${tdClass} hidden max-w-[16rem] truncate font-mono text-[12px] md:table-cell`} title={c.image}>{c.image}</td>
                <td class={`${tdClass} hidden font-mono text-[12px] lg:table-cell`}>{publishedPorts(c.ports ?? []).join(", ") || "—"}</td>
                <td class={`${tdClass} hidden whitespace-nowrap text-muted sm:table-cell`} title={formatDateTime(c.startedAt)}>{uptime(c, now())}</td>
                <td class={`${tdClass} text-right`}>
                  <ActionMenu label={`Actions for ${c.name}`} actions={props.menu(c)} />
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </Show>
  );
}
