import { createResource, createSignal, For, Show } from "solid-js";
import Layers from "lucide-solid/icons/layers";
import CloudDownload from "lucide-solid/icons/cloud-download";
import BrushCleaning from "lucide-solid/icons/brush-cleaning";
import Trash2 from "lucide-solid/icons/trash";
import { stableList } from "../../lib/stable";
import { api, type DockerImage } from "../../api";
import { formatBytes, formatDateTime, formatRelative } from "../../lib/format";
import { selectedServerId } from "../../lib/servers";
import { can } from "../../lib/session";
import { createSort } from "../../lib/sort";
import { toast } from "../../lib/toast";
import { useOpenJob } from "../jobs/openJob";
import { useJobWatch } from "../jobs/useJobWatch";
import { AsyncLive } from "../ui/AsyncLive";
import { Button, IconButton } from "../ui/Button";
import { Checkbox } from "../ui/Checkbox";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { EmptyState } from "../ui/EmptyState";
import { Card, tableClass, tdClass, thClass } from "../ui/Page";
import { SearchInput } from "../ui/SearchInput";
import { SortHeader } from "../ui/SortHeader";
import { shortId } from "./ContainerState";
import { PullImageDialog } from "./PullImageDialog";
import { useDockerEvents } from "./useDockerEvents";

const imageName = (i: DockerImage) => i.tags[0] ?? "<none>";

export function ImagesTab() {
  const [list, { refetch, mutate }] = createResource<DockerImage[], string>(selectedServerId, (s, info) =>
    api.docker.images(s).then((r) => stableList(info.value, r.items, (i) => i.id)),
  );
  const [query, setQuery] = createSignal("");
  const [pulling, setPulling] = createSignal(false);
  const [pruning, setPruning] = createSignal(false);
  const [removing, setRemoving] = createSignal<DockerImage | null>(null);
  const [force, setForce] = createSignal(false);
  const openJob = useOpenJob();
  const watch = useJobWatch();
  useDockerEvents(selectedServerId, () => void refetch(), { types: ["image", "container"] });

  const sort = createSort<DockerImage, "name" | "size" | "created" | "used">(
    { name: imageName, size: (i) => i.sizeBytes, created: (i) => i.createdAt, used: (i) => i.containers },
    "name",
  );
  const visible = (items: DockerImage[]) => {
    const q = query().trim().toLowerCase();
    return sort.sorted(items.filter((i) => !q || i.tags.join(" ").toLowerCase().includes(q) || i.id.includes(q)));
  };

  return (
    <>
      <div class="mb-3 flex flex-wrap items-center gap-2">
        <SearchInput label="Search images" value={query()} onInput={setQuery} />
        <Show when={can("operator")}>
          <div class="ml-auto flex gap-2">
            <Button onClick={() => setPruning(true)}>
              <BrushCleaning class="size-4" aria-hidden="true" /> Prune
            </Button>
            <Button variant="primary" onClick={() => setPulling(true)}>
              <CloudDownload class="size-4" aria-hidden="true" /> Pull image
            </Button>
          </div>
        </Show>
      </div>
      <Card bodyClass="overflow-x-auto">
        <AsyncLive of={list} retry={refetch} loadingLabel="Loading images…">
          {(items) => (
            <Show when={visible(items()).length > 0} fallback={<EmptyState icon={<Layers class="size-6" />} title={items().length ? "No images match" : "No images on this server"}>{items().length ? undefined : "Pull one, or deploy an app: its images are pulled for you."}</EmptyState>}>
              <table class={tableClass}>
                <thead>
                  <tr>
                    <SortHeader label="Image" k="name" sort={sort} />
                    <th scope="col" class={`${thClass} hidden md:table-cell`}>ID</th>
                    <SortHeader label="Size" k="size" sort={sort} />
                    <SortHeader label="Created" k="created" sort={sort} class="hidden sm:table-cell" />
                    <SortHeader label="Used by" k="used" sort={sort} />
                    <th scope="col" class={`${thClass} w-10`}><span class="sr-only">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  <For each={visible(items())}>
                    {(i) => (
                      <tr>
                        <td class={`${tdClass} max-w-[22rem] font-mono text-[12px]`}>
                          <Show when={i.tags.length > 0} fallback={<span class="text-muted">&lt;none&gt; (dangling)</span>}>
                            <For each={i.tags}>{(t) => <span class="block truncate">{t}</span>}</For>
                          </Show>
                        </td>
                        <td class={`${tdClass} hidden font-mono text-[12px] text-muted md:table-cell`}>{shortId(i.id)}</td>
                        <td class={`${tdClass} whitespace-nowrap tabular-nums`}>{formatBytes(i.sizeBytes)}</td>
                        <td class={`${tdClass} hidden whitespace-nowrap text-muted sm:table-cell`} title={formatDateTime(i.createdAt)}>{formatRelative(i.createdAt)}</td>
                        <td class={`${tdClass} whitespace-nowrap`}>{i.containers ? `${i.containers} container${i.containers === 1 ? "" : "s"}` : <span class="text-muted">unused</span>}</td>
                        <td class={`${tdClass} text-right`}>
                          <Show when={can("operator")}>
                            <IconButton label={`Remove image ${imageName(i)}`} onClick={() => { setForce(false); setRemoving(i); }}>
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

      <PullImageDialog
        open={pulling()}
        onOpenChange={setPulling}
        server={selectedServerId()}
        onStarted={(job) => {
          openJob(job.id);
          watch(job.id, (j) => {
            void refetch();
            if (j.status === "succeeded") toast.success("Image pulled", j.target?.replace(/^image:/, ""));
          });
        }}
      />
      <ConfirmDialog
        open={!!removing()}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={`Remove image ${removing() ? imageName(removing()!) : ""}`}
        confirmLabel="Remove image"
        onConfirm={async () => {
          const i = removing();
          if (!i) return;
          await api.docker.removeImage(selectedServerId(), i.id, force());
          mutate((l) => l?.filter((x) => x.id !== i.id));
          toast.success(`Removed ${imageName(i)}`);
        }}
      >
        <div class="space-y-3">
          <p>
            Deletes <strong class="font-mono">{removing() ? imageName(removing()!) : ""}</strong> ({formatBytes(removing()?.sizeBytes)}) from this
            server. It can be pulled again later.
          </p>
          <Show when={removing()?.containers}>
            <p class="text-warning">
              {removing()?.containers === 1 ? "A container uses it" : `${removing()?.containers} containers use it`}; Docker refuses unless they are removed first.
            </p>
          </Show>
          <Checkbox label="Force (also untag it if other tags or stopped containers refer to it)" checked={force()} onChange={setForce} />
        </div>
      </ConfirmDialog>
      <ConfirmDialog
        open={pruning()}
        onOpenChange={setPruning}
        title="Prune unused images"
        confirmLabel="Prune images"
        onConfirm={async () => {
          const r = await api.docker.pruneImages(selectedServerId());
          void refetch();
          toast.success(`Removed ${r.deleted} image${r.deleted === 1 ? "" : "s"}`, `${formatBytes(r.reclaimedBytes)} reclaimed`);
        }}
      >
        <p>Deletes dangling images (untagged layers left behind by pulls and builds) that no container uses.</p>
      </ConfirmDialog>
    </>
  );
}
