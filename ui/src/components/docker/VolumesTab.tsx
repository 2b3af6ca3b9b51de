import { createResource, createSignal, For, Show } from "solid-js";
import HardDrive from "lucide-solid/icons/hard-drive";
import Plus from "lucide-solid/icons/plus";
import Trash2 from "lucide-solid/icons/trash";
import { stableList } from "../../lib/stable";
import { api, type DockerVolume } from "../../api";
import { formatDateTime, formatRelative } from "../../lib/format";
import { withUsedBy } from "../../lib/problems";
import { selectedServerId } from "../../lib/servers";
import { can } from "../../lib/session";
import { createSort } from "../../lib/sort";
import { toast } from "../../lib/toast";
import { AsyncLive } from "../ui/AsyncLive";
import { Button, IconButton } from "../ui/Button";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { EmptyState } from "../ui/EmptyState";
import { Card, tableClass, tdClass, thClass } from "../ui/Page";
import { SearchInput } from "../ui/SearchInput";
import { SortHeader } from "../ui/SortHeader";
import { CreateNamedDialog } from "./CreateNamedDialog";
import { UsedBy } from "./UsedBy";
import { useDockerEvents } from "./useDockerEvents";

const project = (v: DockerVolume) => v.labels?.["com.docker.compose.project"] ?? null;

export function VolumesTab() {
  const [list, { refetch, mutate }] = createResource<DockerVolume[], string>(selectedServerId, (s, info) =>
    api.docker.volumes(s).then((r) => stableList(info.value, r.items, (v) => v.name)),
  );
  const [query, setQuery] = createSignal("");
  const [creating, setCreating] = createSignal(false);
  const [removing, setRemoving] = createSignal<DockerVolume | null>(null);
  useDockerEvents(selectedServerId, () => void refetch(), { types: ["volume", "container"] });

  const sort = createSort<DockerVolume, "name" | "app" | "created" | "used">(
    { name: (v) => v.name, app: project, created: (v) => v.createdAt, used: (v) => v.usedBy.length },
    "name",
  );
  const visible = (items: DockerVolume[]) => {
    const q = query().trim().toLowerCase();
    return sort.sorted(items.filter((v) => !q || [v.name, project(v) ?? "", ...v.usedBy].some((x) => x.toLowerCase().includes(q))));
  };

  return (
    <>
      <div class="mb-3 flex flex-wrap items-center gap-2">
        <SearchInput label="Search volumes" value={query()} onInput={setQuery} />
        <Show when={can("operator")}>
          <Button variant="primary" class="ml-auto" onClick={() => setCreating(true)}>
            <Plus class="size-4" aria-hidden="true" /> Create volume
          </Button>
        </Show>
      </div>
      <Card bodyClass="overflow-x-auto">
        <AsyncLive of={list} retry={refetch} loadingLabel="Loading volumes…">
          {(items) => (
            <Show when={visible(items()).length > 0} fallback={<EmptyState icon={<HardDrive class="size-6" />} title={items().length ? "No volumes match" : "No volumes on this server"}>{items().length ? undefined : "Volumes hold the data of apps; they appear here when an app creates them."}</EmptyState>}>
              <table class={tableClass}>
                <thead>
                  <tr>
                    <SortHeader label="Name" k="name" sort={sort} />
                    <SortHeader label="App" k="app" sort={sort} class="hidden sm:table-cell" />
                    <th scope="col" class={`${thClass} hidden md:table-cell`}>Driver</th>
                    <SortHeader label="Used by" k="used" sort={sort} />
                    <SortHeader label="Created" k="created" sort={sort} class="hidden md:table-cell" />
                    <th scope="col" class={`${thClass} w-10`}><span class="sr-only">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  <For each={visible(items())}>
                    {(v) => (
                      <tr>
                        <td class={`${tdClass} max-w-[18rem] truncate font-mono text-[12px]`} title={v.name}>{v.name}</td>
                        <td class={`${tdClass} hidden sm:table-cell`}>{project(v) ?? <span class="text-muted">—</span>}</td>
                        <td class={`${tdClass} hidden text-muted md:table-cell`}>{v.driver}</td>
                        <td class={tdClass}><UsedBy names={v.usedBy} /></td>
                        <td class={`${tdClass} hidden whitespace-nowrap text-muted md:table-cell`} title={formatDateTime(v.createdAt)}>{formatRelative(v.createdAt)}</td>
                        <td class={`${tdClass} text-right`}>
                          <Show when={can("operator")}>
                            <IconButton label={`Remove volume ${v.name}`} onClick={() => setRemoving(v)}>
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
        title="Create volume"
        description="An empty named volume (local driver) that containers can mount."
        submitLabel="Create volume"
        placeholder="backups"
        onCreate={async (name) => {
          const r = await api.docker.createVolume(selectedServerId(), name);
          mutate((l) => [...(l ?? []), r.volume]);
          toast.success(`Volume ${name} created`);
        }}
      />
      <ConfirmDialog
        open={!!removing()}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={`Remove volume ${removing()?.name ?? ""}`}
        confirmLabel="Remove volume"
        typeToConfirm={removing()?.name}
        onConfirm={async () => {
          const v = removing();
          if (!v) return;
          await api.docker.removeVolume(selectedServerId(), v.name).catch((e) => Promise.reject(withUsedBy(e)));
          mutate((l) => l?.filter((x) => x.name !== v.name));
          toast.success(`Volume ${v.name} removed`);
        }}
      >
        <p>
          Every file stored in <strong class="break-all font-mono">{removing()?.name}</strong>
          {removing() && project(removing()!) ? <> (data of the app <strong>{project(removing()!)}</strong>)</> : null} is deleted for good. This
          can't be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
