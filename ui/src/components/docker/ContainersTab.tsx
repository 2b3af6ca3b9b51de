import { createMemo, createResource, createSignal, Show } from "solid-js";
import Boxes from "lucide-solid/icons/boxes";
import { stableList } from "../../lib/stable";
import { valueOf } from "../../lib/resource";
import { api, type Container } from "../../api";
import { createSort } from "../../lib/sort";
import { selectedServerId } from "../../lib/servers";
import { useNow } from "../../lib/now";
import { AsyncLive } from "../ui/AsyncLive";
import { EmptyState } from "../ui/EmptyState";
import { Card } from "../ui/Page";
import { SearchInput } from "../ui/SearchInput";
import { SelectField } from "../ui/SelectField";
import { createContainerActions } from "./containerActions";
import { ContainersTable, type ContainerSortKey } from "./ContainersTable";
import { uptimeSeconds } from "./ContainerState";
import { useDockerEvents } from "./useDockerEvents";
import { useOpenContainer } from "./openContainer";

type StateFilter = "all" | "running" | "stopped";
const FILTERS = [
  { value: "all" as StateFilter, label: "All states" },
  { value: "running" as StateFilter, label: "Running" },
  { value: "stopped" as StateFilter, label: "Not running" },
];

export function ContainersTab() {
  const [list, { refetch, mutate }] = createResource<Container[], string>(selectedServerId, (s, info) =>
    api.docker.containers(s).then((r) => stableList(info.value, r.items, (c) => c.id)),
  );
  const [apps, { refetch: refetchApps }] = createResource(selectedServerId, (s) => api.apps.list(s).then((r) => r.items).catch(() => []));
  const [query, setQuery] = createSignal("");
  const [state, setState] = createSignal<StateFilter>("all");
  const now = useNow(30_000);
  const openContainer = useOpenContainer();

  useDockerEvents(selectedServerId, () => {
    void refetch();
    void refetchApps();
  }, { types: ["container"] });

  const actions = createContainerActions({
    server: selectedServerId,
    onChanged: (c) => (c ? mutate((l) => l?.map((x) => (x.id === c.id ? c : x))) : void refetch()),
    onRemoved: (c) => mutate((l) => l?.filter((x) => x.id !== c.id)),
    onOpen: (c) => openContainer(c.id),
  });

  const sort = createSort<Container, ContainerSortKey>(
    {
      name: (c) => c.name,
      image: (c) => c.image,
      state: (c) => c.state,
      app: (c) => c.app,
      uptime: (c) => uptimeSeconds(c),
    },
    "name",
  );

  const appIds = createMemo(() => new Map((apps.latest ?? []).map((a) => [a.name, a.id])));
  const visible = (items: Container[]) => {
    const q = query().trim().toLowerCase();
    const rows = items.filter(
      (c) =>
        (state() === "all" || (state() === "running") === (c.state === "running")) &&
        (!q || [c.name, c.image, c.app ?? "", c.state].some((v) => v.toLowerCase().includes(q))),
    );
    return sort.sorted(rows);
  };

  return (
    <>
      <div class="mb-3 flex flex-wrap items-center gap-2">
        <SearchInput label="Search containers" value={query()} onInput={setQuery} />
        <SelectField label="State" hideLabel options={FILTERS} value={state()} onChange={setState} class="w-40" />
        <Show when={valueOf(list)}>
          {(l) => (
            <span class="ml-auto text-[12px] text-muted">
              {l().filter((c) => c.state === "running").length} running · {l().length} total
            </span>
          )}
        </Show>
      </div>
      <Card bodyClass="overflow-x-auto">
        <AsyncLive of={list} retry={refetch} loadingLabel="Loading containers…">
          {(items) => (
            <Show
              when={visible(items()).length > 0}
              fallback={
                <EmptyState icon={<Boxes class="size-6" />} title={items().length ? "No containers match" : "No containers on this server"}>
                  {items().length ? "Try another search or state." : "Deploy an app from Templates and its containers appear here."}
                </EmptyState>
              }
            >
              <ContainersTable
                containers={visible(items())}
                sort={sort}
                now={now()}
                onOpen={(c) => openContainer(c.id)}
                menu={actions.menu}
                appHref={(name) => (appIds().get(name) ? `/apps/${appIds().get(name)}` : null)}
              />
            </Show>
          )}
        </AsyncLive>
      </Card>
      {actions.dialogs}
    </>
  );
}
