import { Show, type JSX } from "solid-js";
import { A } from "@solidjs/router";
import type { DatabaseServer } from "../../api";
import { formatDateTime } from "../../lib/format";
import { Card } from "../ui/Page";
import { engineLabel } from "./engine";

function Row(props: { label: string; children: JSX.Element }) {
  return (
    <div class="grid grid-cols-[7.5rem_1fr] gap-2 py-1.5">
      <dt class="text-muted">{props.label}</dt>
      <dd class="min-w-0 [overflow-wrap:anywhere]">{props.children}</dd>
    </div>
  );
}

/** Connection facts of a database server: where the panel connects, where apps connect. */
export function DbServerSummary(props: { server: DatabaseServer }) {
  const s = () => props.server;
  return (
    <Card title="Server" id="db-server-summary">
      <dl class="divide-y divide-line text-[13px]">
        <Row label="Engine">
          {engineLabel(s().engine)} <span class="text-muted">{s().version ? `v${s().version}` : "(version unknown)"}</span>
        </Row>
        <Row label="Panel connects to"><span class="font-mono">{s().host}:{s().port}</span></Row>
        <Row label="Apps connect to">
          <span class="font-mono">{s().appHost}:{s().appPort}</span>
          <p class="mt-0.5 text-[12px] text-muted">The address linked apps get in their variables; the server must listen there.</p>
        </Row>
        <Row label="Admin user"><span class="font-mono">{s().adminUser}</span></Row>
        <Row label="Runs">
          {s().kind === "container" ? "In a container" : "On the host"}
          <Show when={s().appId}>{(id) => <> · <A href={`/apps/${encodeURIComponent(id())}`} class="text-accent hover:underline">its app</A></>}</Show>
        </Row>
        <Row label="Added">{formatDateTime(s().createdAt)}</Row>
      </dl>
    </Card>
  );
}
