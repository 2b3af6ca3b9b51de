import { For, Show } from "solid-js";
import type { DiskFacts } from "../../api";
import { formatBytes, formatPercent, percent } from "../../lib/format";
import { UsageBar } from "../ui/ProgressBar";
import { Card, tableClass, tdClass, thClass } from "../ui/Page";

export function DisksTable(props: { disks: DiskFacts[] }) {
  return (
    <Card title="Disks" id="disks" bodyClass="overflow-x-auto">
      <Show when={props.disks.length > 0} fallback={<p class="p-4 text-[13px] text-muted">No disks reported.</p>}>
        <table class={tableClass}>
          <thead>
            <tr>
              <th scope="col" class={thClass}>Mount</th>
              <th scope="col" class={thClass}>Filesystem</th>
              <th scope="col" class={`${thClass} text-right`}>Size</th>
              <th scope="col" class={`${thClass} text-right`}>Used</th>
              <th scope="col" class={`${thClass} text-right`}>Free</th>
              <th scope="col" class={`${thClass} w-1/3`}>Usage</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.disks}>
              {(d) => {
                const p = () => percent(d.usedBytes, d.sizeBytes);
                return (
                  <tr>
                    <td class={`${tdClass} font-mono`}>{d.mount}</td>
                    <td class={`${tdClass} text-muted`}>{d.fs}</td>
                    <td class={`${tdClass} text-right tabular-nums`}>{formatBytes(d.sizeBytes)}</td>
                    <td class={`${tdClass} text-right tabular-nums`}>{formatBytes(d.usedBytes)}</td>
                    <td class={`${tdClass} text-right tabular-nums`}>{formatBytes(d.sizeBytes - d.usedBytes)}</td>
                    <td class={tdClass}>
                      <div class="flex items-center gap-2">
                        <UsageBar percent={p()} label={`Disk usage of ${d.mount}`} class="flex-1" />
                        <span class="w-10 text-right tabular-nums">{formatPercent(p())}</span>
                      </div>
                    </td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </Show>
    </Card>
  );
}
