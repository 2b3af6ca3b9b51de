import { For, Show } from "solid-js";
import type { ServerSummary } from "../../api";
import { formatPercent, formatRelative, percent } from "../../lib/format";
import { Badge, type Tone } from "../ui/Badge";
import { Button } from "../ui/Button";
import { tableClass, tdClass, thClass } from "../ui/Page";
import { useServerLoad } from "../dashboard/useServerLoad";

const TONE: Record<ServerSummary["status"], Tone> = { online: "success", offline: "danger", pending: "warning", revoked: "neutral" };
const LABEL: Record<ServerSummary["status"], string> = { online: "Online", offline: "Offline", pending: "Waiting for agent", revoked: "Revoked" };

export function ServerStatusBadge(props: { status: ServerSummary["status"] }) {
  return (
    <Badge tone={TONE[props.status]} dot>
      {LABEL[props.status]}
    </Badge>
  );
}

/** Live CPU and memory of an online server (the same feed as the dashboard). */
function LiveLoadCell(props: { id: string }) {
  const load = useServerLoad(() => props.id);
  return (
    <Show when={load.latest()} fallback={<span class="text-muted">…</span>}>
      {(l) => (
        <span class="tabular-nums" data-testid={`load-${props.id}`}>
          CPU {formatPercent(l().cpuPercent)} · RAM {formatPercent(percent(l().memory.usedBytes, l().memory.totalBytes))}
        </span>
      )}
    </Show>
  );
}

export function ServersTable(props: {
  servers: ServerSummary[];
  canManage: boolean;
  onRevoke: (s: ServerSummary) => void;
  onNewToken: (s: ServerSummary) => void;
}) {
  return (
    <table class={tableClass}>
      <thead>
        <tr>
          <th class={thClass}>Name</th>
          <th class={thClass}>Status</th>
          <th class={thClass}>Load</th>
          <th class={thClass}>Last seen</th>
          <th class={thClass}>Id</th>
          <Show when={props.canManage}>
            <th class={thClass}>
              <span class="sr-only">Actions</span>
            </th>
          </Show>
        </tr>
      </thead>
      <tbody>
        <For each={props.servers}>
          {(s) => (
            <tr data-testid={`server-row-${s.id}`}>
              <td class={tdClass}>
                <span class="font-medium">{s.name}</span>
                <Show when={s.kind === "local"}>
                  <span class="ml-2 text-[12px] text-muted">runs the panel</span>
                </Show>
              </td>
              <td class={tdClass}>
                <ServerStatusBadge status={s.status} />
              </td>
              <td class={tdClass}>
                <Show when={s.status === "online"} fallback={<span class="text-muted">—</span>}>
                  <LiveLoadCell id={s.id} />
                </Show>
              </td>
              <td class={tdClass}>
                {s.kind === "local" || s.status === "online" ? "now" : s.lastSeenAt ? formatRelative(s.lastSeenAt) : "never"}
              </td>
              <td class={`${tdClass} font-mono text-[12px] text-muted`}>{s.id}</td>
              <Show when={props.canManage}>
                <td class={`${tdClass} text-right whitespace-nowrap`}>
                  <Show when={s.status === "pending"}>
                    <Button size="sm" onClick={() => props.onNewToken(s)}>
                      New token
                    </Button>{" "}
                  </Show>
                  <Show when={s.kind === "agent" && s.status !== "revoked"}>
                    <Button size="sm" variant="danger" onClick={() => props.onRevoke(s)}>
                      Revoke
                    </Button>
                  </Show>
                </td>
              </Show>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
