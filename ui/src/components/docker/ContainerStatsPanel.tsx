import { Show } from "solid-js";
import Cpu from "lucide-solid/icons/cpu";
import MemoryStick from "lucide-solid/icons/memory-stick";
import { formatBytes, formatPercent, percent } from "../../lib/format";
import { MetricCard } from "../dashboard/MetricCard";
import type { useContainerStats } from "./useContainerStats";

/** CPU and memory sparklines plus network / block I/O totals of one container. */
export function ContainerStatsPanel(props: { stats: ReturnType<typeof useContainerStats>; running: boolean }) {
  const l = () => props.stats.latest();
  const h = () => props.stats.history();
  return (
    <Show
      when={props.running}
      fallback={<p class="rounded-md border border-line bg-surface-2 px-3 py-2 text-[13px] text-muted">Not running: no live stats.</p>}
    >
      <div class="space-y-2">
        <div class="grid gap-3 sm:grid-cols-2">
          <MetricCard
            title="CPU"
            icon={<Cpu class="size-4" />}
            value={formatPercent(l()?.cpuPercent)}
            sub="of one core = 100%"
            t={h().t}
            series={[{ values: h().cpu, colorVar: "--sk-chart-1" }]}
            testId="container-cpu"
          />
          <MetricCard
            title="Memory"
            icon={<MemoryStick class="size-4" />}
            value={l() ? formatBytes(l()!.memory.usedBytes) : "—"}
            sub={l() ? `${formatPercent(percent(l()!.memory.usedBytes, l()!.memory.limitBytes))} of ${formatBytes(l()!.memory.limitBytes)} limit` : undefined}
            t={h().t}
            series={[{ values: h().mem, colorVar: "--sk-chart-2" }]}
          />
        </div>
        <Show when={l()}>
          {(s) => (
            <p class="text-[12px] tabular-nums text-muted">
              Network ↓ {formatBytes(s().network.rxBytes)} ↑ {formatBytes(s().network.txBytes)} · Disk read{" "}
              {formatBytes(s().blockIo.readBytes)}, written {formatBytes(s().blockIo.writeBytes)} (since start)
            </p>
          )}
        </Show>
        <Show when={props.stats.error()}>
          <p class="text-[12px] text-danger">{props.stats.error()}</p>
        </Show>
      </div>
    </Show>
  );
}
