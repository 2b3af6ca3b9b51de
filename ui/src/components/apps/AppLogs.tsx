import { createEffect, createSignal, Show } from "solid-js";
import type { ContainerSummary } from "../../api";
import { LogView } from "../logs/LogView";
import { SelectField } from "../ui/SelectField";
import { useContainerLogs } from "../docker/useContainerLogs";

/** Live logs of one of the app's containers (picked from a list; the first running one by default). */
export function AppLogs(props: { server: string; containers: ContainerSummary[] }) {
  const [picked, setPicked] = createSignal<string | undefined>();

  // Default to the first running container; keep the user's pick while it still exists.
  createEffect(() => {
    const list = props.containers;
    if (picked() && list.some((c) => c.id === picked())) return;
    setPicked((list.find((c) => c.state === "running") ?? list[0])?.id);
  });

  const current = () => props.containers.find((c) => c.id === picked());
  const logs = useContainerLogs(() => props.server, picked, () => current()?.state === "running");
  const options = () =>
    props.containers.map((c) => ({ value: c.id, label: `${c.service ?? c.name}${c.state === "running" ? "" : ` (${c.state})`}` }));

  return (
    <Show when={props.containers.length > 0} fallback={<p class="text-[13px] text-muted">No containers to show logs for: the app isn't deployed right now.</p>}>
      <div class="space-y-3">
        <SelectField label="Container" options={options()} value={picked() ?? ""} onChange={setPicked} class="w-full sm:w-72" />
        <LogView
          label={`Logs of ${current()?.name ?? "container"}`}
          lines={logs.lines()}
          error={logs.error()}
          truncated={logs.truncated()}
          onClear={logs.clear}
          filename={`${current()?.name ?? "container"}.log`}
          source={current() ? { server: props.server, container: current()!.name } : undefined}
          emptyText={current()?.state === "running" ? "Waiting for output…" : "No log output."}
        />
      </div>
    </Show>
  );
}
