import { createResource, createSignal, For, Show } from "solid-js";
import Network from "lucide-solid/icons/network";
import Plus from "lucide-solid/icons/plus";
import Trash2 from "lucide-solid/icons/trash";
import { stableList } from "../../lib/stable";
import { api, type DockerNetwork } from "../../api";
import { withUsedBy } from "../../lib/problems";
import { selectedServerId } from "../../lib/servers";
import { can } from "../../lib/session";
import { createSort } from "../../lib/sort";
import { toast } from "../../lib/toast";
import { AsyncLive } from "../ui/AsyncLive";
import { Badge } from "../ui/Badge";
import { Button, IconButton } from "../ui/Button";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { EmptyState } from "../ui/EmptyState";
import { Card, tableClass, tdClass, thClass } from "../ui/Page";
import { SearchInput } from "../ui/SearchInput";
import { SortHeader } from "../ui/SortHeader";
import { shortId } from "./ContainerState";
import { CreateNamedDialog } from "./CreateNamedDialog";
import { UsedBy } from "./UsedBy";
import { useDockerEvents } from "./useDockerEvents";

/** Docker's own networks can't be removed (the API says `builtin`; older answers may not). */
const BUILT_IN = new Set(["bridge", "host", "none"]);
const builtIn = (n: DockerNetwork) => n.builtin ?? BUILT_IN.has(n.name);

export function NetworksTab() {
  const [list, { refetch, mutate }] = createResource<DockerNetwork[], string>(selectedServerId, (s, info) =>
    api.docker.networks(s).then((r) => stableList(info.value, r.items, (n) => n.id)),
  );
  const [query, setQuery] = createSignal("");
  const [creating, setCreating] = createSignal(false);
  const [removing, setRemoving] = createSignal<DockerNetwork | null>(null);
  useDockerEvents(selectedServerId, () => void refetch(), { types: ["network", "container"] });

  const sort = createSort<DockerNetwork, "name" | "driver" | "used">(
    { name: (n) => n.name, driver: (n) => n.driver, used: (n) => n.usedBy.length },
    "name",
  );
  const visible = (items: DockerNetwork[]) => {
    const q = query().trim().toLowerCase();
    return sort.sorted(items.filter((n) => !q || [n.name, n.driver, ...n.usedBy].some((x) => x.toLowerCase().includes(q))));
  };

  return (
    <>
      <div class="mb-3 flex flex-wrap items-center gap-2">
        <SearchInput label="Search networks" value={query()} onInput={setQuery} />
        <Show when={can("operator")}>
          <Button variant="primary" class="ml-auto" onClick={() => setCreating(true)}>
            <Plus class="size-4" aria-hidden="true" /> Create network
          </Button>
        </Show>
      </div>
      <Card bodyClass="overflow-x-auto">
        <AsyncLive of={list} retry={refetch} loadingLabel="Loading networks…">
          {(items) => (
            <Show when={visible(items()).length > 0} fallback={<EmptyState icon={<Network class="size-6" />} title="No networks match" />}>
              <table class={tableClass}>
                <thead>
                  <tr>
                    <SortHeader label="Name" k="name" sort={sort} />
                    <th scope="col" class={`${thClass} hidden md:table-cell`}>ID</th>
                    <SortHeader label="Driver" k="driver" sort={sort} class="hidden sm:table-cell" />
                    <th scope="col" class={`${thClass} hidden md:table-cell`}>Scope</th>
                    <SortHeader label="Used by" k="used" sort={sort} />
                    <th scope="col" class={`${thClass} w-10`}><span class="sr-only">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  <For each={visible(items())}>
                    {(n) => (
                      <tr>
                        <td class={`${tdClass} font-mono text-[12px]`}>
                          {n.name}
                          <Show when={builtIn(n)}><Badge class="ml-2 font-sans">built-in</Badge></Show>
                          <Show when={n.internal}><Badge class="ml-2 font-sans" tone="accent">internal</Badge></Show>
                        </td>
                        <td class={`${tdClass} hidden font-mono text-[12px] text-muted md:table-cell`}>{shortId(n.id)}</td>
                        <td class={`${tdClass} hidden sm:table-cell`}>{n.driver}</td>
                        <td class={`${tdClass} hidden text-muted md:table-cell`}>{n.scope}</td>
                        <td class={tdClass}><UsedBy names={n.usedBy} /></td>
                        <td class={`${tdClass} text-right`}>
                          <Show when={can("operator") && !builtIn(n)}>
                            <IconButton label={`Remove network ${n.name}`} onClick={() => setRemoving(n)}>
                              <Trash2 class="size-4" aria-hidden="true" />
                            </IconButton>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
          )}
        </AsyncLive>
      </Card>

      <CreateNamedDialog
        open={creating()}
        onOpenChange={setCreating}
        title="Create network"
        description="A user-defined bridge network: containers on it reach each other by name."
        submitLabel="Create network"
        placeholder="backend"
        onCreate={async (name) => {
          await api.docker.createNetwork(selectedServerId(), name);
          void refetch();
          toast.success(`Network ${name} created`);
        }}
      />
      <ConfirmDialog
        open={!!removing()}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={`Remove network ${removing()?.name ?? ""}`}
        confirmLabel="Remove network"
        onConfirm={async () => {
          const n = removing();
          if (!n) return;
          await api.docker.removeNetwork(selectedServerId(), n.id).catch((e) => Promise.reject(withUsedBy(e)));
          mutate((l) => l?.filter((x) => x.id !== n.id));
          toast.success(`Network ${n.name} removed`);
        }}
      >
        <p>
          The network <strong class="font-mono">{removing()?.name}</strong> is deleted. Containers must be disconnected first; apps
          recreate their own networks when redeployed.
        </p>
      </ConfirmDialog>
    </>
  );
}
