import { For, Show, type JSX } from "solid-js";
import type { Container, ContainerInspect } from "../../api";
import { formatDateTime } from "../../lib/format";
import { formatPort, shortId } from "./ContainerState";

/** Readable text for the loosely typed inspect values. */
function text(v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (Array.isArray(v)) return v.every((x) => typeof x !== "object") ? v.join(" ") : v.map(text).join(", ");
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (typeof o.name === "string" && Object.keys(o).length <= 3) return `${o.name}${o.maximumRetryCount ? ` (max ${String(o.maximumRetryCount)})` : ""}`;
    if (typeof o.status === "string") return o.status + (o.failingStreak ? ` (${String(o.failingStreak)} failing)` : "");
    return JSON.stringify(v);
  }
  return String(v);
}

function listOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v && typeof v === "object") return Object.entries(v as Record<string, unknown>).map(([name, x]) => ({ name, ...(x as object) }));
  return [];
}

function mount(m: unknown): string {
  if (!m || typeof m !== "object") return text(m);
  const o = m as Record<string, unknown>;
  const src = o.name ?? o.source ?? o.Source;
  const dst = o.destination ?? o.Destination;
  if (!dst) return JSON.stringify(m);
  return `${String(src ?? "")} → ${String(dst)}${o.rw === false || o.RW === false ? " (read-only)" : ""}${o.type ? ` · ${String(o.type)}` : ""}`;
}

function network(n: unknown): string {
  if (!n || typeof n !== "object") return text(n);
  const o = n as Record<string, unknown>;
  const ip = o.ipAddress ?? o.IPAddress;
  return `${String(o.name ?? "")}${ip ? ` · ${String(ip)}` : ""}`;
}

function Row(props: { label: string; children: JSX.Element }) {
  return (
    <div class="grid gap-1 border-b border-line py-2 last:border-b-0 sm:grid-cols-[9rem_minmax(0,1fr)]">
      <dt class="text-[12px] font-medium text-muted">{props.label}</dt>
      <dd class="min-w-0 break-words text-[13px]">{props.children}</dd>
    </div>
  );
}

function Lines(props: { items: string[]; mono?: boolean }) {
  return (
    <Show when={props.items.length > 0} fallback="—">
      <ul class={props.mono ? "font-mono text-[12px]" : ""}>
        <For each={props.items}>{(x) => <li class="break-all">{x}</li>}</For>
      </ul>
    </Show>
  );
}

/** Inspect details (secret-looking env values arrive masked from the API). */
export function ContainerDetails(props: { container: Container; inspect: ContainerInspect }) {
  const c = () => props.container;
  const i = () => props.inspect;
  const labels = () => Object.entries(c().labels ?? {}).map(([k, v]) => `${k}=${v}`);
  return (
    <dl>
      <Row label="ID"><span class="font-mono text-[12px]">{shortId(c().id)}</span></Row>
      <Row label="Image"><span class="font-mono text-[12px]">{c().image}</span></Row>
      <Row label="Status">{c().status}</Row>
      <Row label="Created">{formatDateTime(c().createdAt)}</Row>
      <Row label="Started">{formatDateTime(c().startedAt)}</Row>
      <Row label="Health">{text(i().health)}</Row>
      <Row label="Restart policy">{text(i().restartPolicy)}</Row>
      <Row label="Entrypoint"><span class="font-mono text-[12px]">{text(i().entrypoint)}</span></Row>
      <Row label="Command"><span class="font-mono text-[12px]">{text(i().cmd)}</span></Row>
      <Row label="Ports"><Lines items={c().ports.map(formatPort)} mono /></Row>
      <Row label="Networks"><Lines items={listOf(i().networks).map(network)} /></Row>
      <Row label="Mounts"><Lines items={listOf(i().mounts).map(mount)} mono /></Row>
      <Row label="Environment"><Lines items={(i().env ?? []).map(String)} mono /></Row>
      <Row label="Labels"><Lines items={labels()} mono /></Row>
    </dl>
  );
}
