import { Show } from "solid-js";
import Cpu from "lucide-solid/icons/cpu";
import MemoryStick from "lucide-solid/icons/memory-stick";
import HardDrive from "lucide-solid/icons/hard-drive";
import Network from "lucide-solid/icons/network";
import { formatBytes, formatPercent, formatRate, percent } from "../../lib/format";
import { ErrorAlert } from "../ui/Alert";
import { MetricCard } from "./MetricCard";
import type { useServerLoad } from "./useServerLoad";

/** CPU / memory / disk / network cards with sparklines. */
export function LiveLoad(props: { load: ReturnType<typeof useServerLoad> }) {
  const l = () => props.load.latest();
  const h = () => props.load.history();
  return (
    <div class="space-y-3">
      <ErrorAlert message={props.load.error()} />
      <div class="grid gap-3 sm:grid-cols-2">
        <MetricCard
          title="CPU"
          icon={<Cpu class="size-4" />}
          value={formatPercent(l()?.cpuPercent)}
          sub={<Show when={l()}>{(x) => <>Load {x().load.map((n) => n.toFixed(2)).join(" · ")}</>}</Show>}
          t={h().t}
          series={[{ values: h().cpu, colorVar: "--sk-chart-1" }]}
          max={100}
          testId="cpu-percent"
        />
        <MetricCard
          title="Memory"
          icon={<MemoryStick class="size-4" />}
          value={l() ? formatPercent(percent(l()!.memory.usedBytes, l()!.memory.totalBytes)) : "—"}
          sub={l() ? `${formatBytes(l()!.memory.usedBytes)} of ${formatBytes(l()!.memory.totalBytes)}` : undefined}
          t={h().t}
          series={[{ values: h().mem, colorVar: "--sk-chart-1" }]}
          max={100}
        />
        <MetricCard
          title="Disk"
          icon={<HardDrive class="size-4" />}
          value={l() ? formatPercent(percent(l()!.disk.usedBytes, l()!.disk.totalBytes)) : "—"}
          sub={l() ? `${formatBytes(l()!.disk.usedBytes)} of ${formatBytes(l()!.disk.totalBytes)}` : undefined}
          t={h().t}
          series={[{ values: h().disk, colorVar: "--sk-chart-1" }]}
          max={100}
        />
        <MetricCard
          title="Network"
          icon={<Network class="size-4" />}
          value={l() ? `↓ ${formatRate(l()!.network.rxBytesPerSec)}` : "—"}
          sub={
            l() ? (
              <>
                <span class="text-[var(--sk-chart-2)]">↑</span> {formatRate(l()!.network.txBytesPerSec)} sent
              </>
            ) : undefined
          }
          t={h().t}
          series={[
            { values: h().rx, colorVar: "--sk-chart-1" },
            { values: h().tx, colorVar: "--sk-chart-2" },
          ]}
        />
      </div>
    </div>
  );
}
