import { createResource, createSignal, Show } from "solid-js";
import { useSearchParams } from "@solidjs/router";
import Play from "lucide-solid/icons/play";
import Square from "lucide-solid/icons/square";
import RotateCw from "lucide-solid/icons/rotate-cw";
import Skull from "lucide-solid/icons/skull";
import Trash2 from "lucide-solid/icons/trash";
import { valueOf } from "../../lib/resource";
import { api } from "../../api";
import { can } from "../../lib/session";
import { AsyncLive } from "../ui/AsyncLive";
import { Button } from "../ui/Button";
import { Drawer } from "../ui/Drawer";
import { Tabs } from "../ui/Tabs";
import { LogView } from "../logs/LogView";
import { createContainerActions } from "./containerActions";
import { ContainerDetails } from "./ContainerDetails";
import { ContainerStateBadge } from "./ContainerState";
import { ContainerStatsPanel } from "./ContainerStatsPanel";
import { useContainerLogs } from "./useContainerLogs";
import { useContainerStats } from "./useContainerStats";
import { useDockerEvents } from "./useDockerEvents";

type Tab = "logs" | "details";

/** Container drawer (?container=<id>): live stats, live logs and inspect details, plus actions. */
export function ContainerDrawer(props: { server: () => string; onChanged?: () => void }) {
  const [params, setParams] = useSearchParams<{ container?: string }>();
  const id = () => (typeof params.container === "string" && params.container ? params.container : undefined);
  const close = () => setParams({ container: undefined });
  const [tab, setTab] = createSignal<Tab>("logs");

  const [detail, { refetch, mutate }] = createResource(
    () => (id() ? { server: props.server(), id: id()! } : false),
    (k) => api.docker.container(k.server, k.id),
  );
  useDockerEvents(props.server, () => void refetch(), {
    types: ["container"],
    filter: (e) => !!id() && (e.id === id() || e.id === valueOf(detail)?.container.id || e.name === valueOf(detail)?.container.name),
  });

  // Logs and stats follow the container's full id once known (the URL may hold a short id or name).
  const liveId = () => (id() ? (valueOf(detail)?.container.id ?? undefined) : undefined);
  const logs = useContainerLogs(props.server, liveId, () => valueOf(detail)?.container.state === "running");
  const stats = useContainerStats(props.server, () => (valueOf(detail)?.container.state === "running" ? liveId() : undefined));

  const actions = createContainerActions({
    server: props.server,
    onChanged: (c) => {
      if (c) mutate((d) => (d ? { ...d, container: c } : d));
      else void refetch();
      props.onChanged?.();
    },
    onRemoved: () => close(),
  });

  const c = () => valueOf(detail)?.container;
  const running = () => c()?.state === "running" || c()?.state === "restarting" || c()?.state === "paused";
  const busy = (a: string) => actions.busy() === `${c()?.id}:${a}`;

  return (
    <>
      <Drawer
        open={!!id()}
        onOpenChange={(o) => !o && close()}
        title={c()?.name ?? "Container"}
        header={
          <Show when={c()}>
            {(x) => (
              <p class="mt-0.5 flex flex-wrap items-center gap-2 text-[12px] text-muted">
                <ContainerStateBadge container={x()} />
                <span class="truncate font-mono">{x().image}</span>
              </p>
            )}
          </Show>
        }
      >
        <AsyncLive of={detail} retry={refetch} loadingLabel="Loading container…">
          {(d) => (
            <div class="space-y-5 p-5">
              <Show when={can("operator")}>
                <div class="flex flex-wrap gap-2">
                  <Show
                    when={running()}
                    fallback={
                      <Button size="sm" variant="primary" loading={busy("start")} onClick={() => void actions.run(d().container, "start")}>
                        <Play class="size-3.5" aria-hidden="true" /> Start
                      </Button>
                    }
                  >
                    <Button size="sm" loading={busy("stop")} onClick={() => void actions.run(d().container, "stop")}>
                      <Square class="size-3.5" aria-hidden="true" /> Stop
                    </Button>
                  </Show>
                  <Button size="sm" loading={busy("restart")} onClick={() => void actions.run(d().container, "restart")}>
                    <RotateCw class="size-3.5" aria-hidden="true" /> Restart
                  </Button>
                  <Button size="sm" disabled={!running()} onClick={() => actions.askKill(d().container)}>
                    <Skull class="size-3.5" aria-hidden="true" /> Kill
                  </Button>
                  <Button size="sm" variant="danger" class="ml-auto" onClick={() => actions.askRemove(d().container)}>
                    <Trash2 class="size-3.5" aria-hidden="true" /> Remove
                  </Button>
                </div>
              </Show>
              <ContainerStatsPanel stats={stats} running={d().container.state === "running"} />
              <Tabs<Tab>
                label="Container sections"
                tabs={[
                  { value: "logs", label: "Logs" },
                  { value: "details", label: "Details" },
                ]}
                value={tab()}
                onChange={setTab}
                render={(t) =>
                  t === "logs" ? (
                    <LogView
                      label={`Logs of ${d().container.name}`}
                      lines={logs.lines()}
                      error={logs.error()}
                      truncated={logs.truncated()}
                      onClear={logs.clear}
                      filename={`${d().container.name}.log`}
                      source={{ server: props.server(), container: d().container.name }}
                      height="24rem"
                      emptyText={running() ? "Waiting for output…" : "No log output."}
                    />
                  ) : (
                    <ContainerDetails container={d().container} inspect={d().inspect} />
                  )
                }
              />
            </div>
          )}
        </AsyncLive>
      </Drawer>
      {actions.dialogs}
    </>
  );
}
