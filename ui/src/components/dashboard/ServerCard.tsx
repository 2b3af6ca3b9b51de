import { Show, type JSX } from "solid-js";
import type { ServerFacts } from "../../api";
import { formatBytes, formatDuration } from "../../lib/format";
import { useNow } from "../../lib/now";
import { Badge } from "../ui/Badge";
import { Card } from "../ui/Page";

function Row(props: { label: string; children: JSX.Element }) {
  return (
    <div class="grid grid-cols-[7rem_1fr] gap-2 py-1.5">
      <dt class="text-muted">{props.label}</dt>
      <dd class="min-w-0 break-words">{props.children}</dd>
    </div>
  );
}

/** Static facts about a server. Uptime ticks locally from the fetched value. */
export function ServerCard(props: { facts: ServerFacts; fetchedAt: number }) {
  const now = useNow(1000);
  const uptime = () => props.facts.uptimeSeconds + (now() - props.fetchedAt) / 1000;
  const d = () => props.facts.docker;
  return (
    <Card title="Server" id="server-card">
      <dl class="divide-y divide-line text-[13px]">
        <Row label="Hostname">
          <span class="font-mono font-medium" data-testid="server-hostname">
            {props.facts.hostname}
          </span>
        </Row>
        <Row label="OS">
          {props.facts.os.distro} {props.facts.os.release} <span class="text-muted">({props.facts.os.arch})</span>
        </Row>
        <Row label="Kernel">
          <span class="font-mono">{props.facts.os.kernel}</span>
        </Row>
        <Row label="CPU">
          {props.facts.cpu.model} <span class="text-muted">· {props.facts.cpu.cores} cores</span>
        </Row>
        <Row label="Memory">{formatBytes(props.facts.memory.totalBytes)}</Row>
        <Row label="Uptime">
          <span class="tabular-nums">{formatDuration(uptime())}</span>
        </Row>
        <Row label="Docker">
          <Show
            when={d().available}
            fallback={
              <div>
                <Badge tone="warning" dot>
                  Not available
                </Badge>
                <Show when={d().error}>
                  <p class="mt-1 text-[12px] text-muted">{d().error}</p>
                </Show>
              </div>
            }
          >
            <Badge tone="success" dot>
              Running
            </Badge>{" "}
            <span class="text-muted">
              {d().version ? `v${d().version}` : ""}
              {d().containers !== undefined ? ` · ${d().containers} container${d().containers === 1 ? "" : "s"}` : ""}
            </span>
          </Show>
        </Row>
      </dl>
    </Card>
  );
}
