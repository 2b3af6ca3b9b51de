import { For, Show } from "solid-js";
import type { WordPressExtension } from "../../api";
import { Badge } from "../ui/Badge";
import { tableClass, tdClass, thClass } from "../ui/Page";

/** Plugins and themes with their versions, as read from the site's database and files. */
export function ExtensionsTable(props: { plugins: WordPressExtension[]; themes: WordPressExtension[] }) {
  const rows = () => [
    ...props.plugins.map((x) => ({ ...x, kind: "Plugin" })),
    ...props.themes.map((x) => ({ ...x, kind: "Theme" })),
  ];
  return (
    <Show when={rows().length > 0} fallback={<p class="text-[13px] text-muted">No plugins or themes found.</p>}>
      <div class="overflow-x-auto rounded-md border border-line">
        <table class={tableClass} data-testid="wordpress-extensions">
          <thead>
            <tr>
              <th scope="col" class={thClass}>Name</th>
              <th scope="col" class={thClass}>Kind</th>
              <th scope="col" class={thClass}>Version</th>
              <th scope="col" class={thClass}>State</th>
            </tr>
          </thead>
          <tbody>
            <For each={rows()}>
              {(x) => (
                <tr>
                  <td class={tdClass}>
                    {x.name || x.slug}
                    <Show when={x.name && x.name !== x.slug}><span class="ml-1.5 font-mono text-[12px] text-muted">{x.slug}</span></Show>
                  </td>
                  <td class={`${tdClass} text-muted`}>{x.kind}</td>
                  <td class={`${tdClass} font-mono`}>{x.version || "—"}</td>
                  <td class={tdClass}>{x.active ? <Badge tone="success">Active</Badge> : <Badge>Inactive</Badge>}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}
