import { createResource, Show } from "solid-js";
import { A } from "@solidjs/router";
import { api, errorMessage, type DatabaseServer } from "../../api";
import { formatBytes } from "../../lib/format";
import { Badge } from "../ui/Badge";
import { dbServerHref, EngineLabel, KindBadge } from "./engine";

/** One registered database server: engine, address, version, kind and (fetched) database counts. */
export function DbServerCard(props: { server: DatabaseServer }) {
  const s = () => props.server;
  // The list has no counts: ask the server itself (this also tells whether it answers).
  const [dbs] = createResource(() => s().id, (id) => api.databases.list(id).then((r) => r.items));
  const counts = () => {
    const items = dbs.state === "ready" ? dbs() : undefined;
    if (!items) return null;
    return {
      databases: items.length,
      size: items.reduce((n, d) => n + (d.sizeBytes || 0), 0),
      linked: items.filter((d) => d.linkedApps.length > 0).length,
    };
  };

  return (
    <A
      href={dbServerHref(s())}
      class="block rounded-lg border border-line bg-surface p-4 transition-colors hover:border-accent/50 hover:bg-surface-2/40"
      data-testid="db-server-card"
      data-name={s().name}
    >
      <div class="flex items-start justify-between gap-2">
        <div class="min-w-0">
          <p class="truncate font-semibold">{s().name}</p>
          <p class="mt-0.5 truncate font-mono text-[12px] text-muted">
            {s().host}:{s().port}
          </p>
        </div>
        <KindBadge kind={s().kind} />
      </div>
      <div class="mt-3 flex flex-wrap items-center gap-x-3 gap-y-1 text-[13px]">
        <EngineLabel engine={s().engine} />
        <span class="text-muted">{s().version ? `v${s().version}` : "version unknown"}</span>
      </div>
      <div class="mt-3 border-t border-line pt-2.5 text-[12px] text-muted" aria-live="polite">
        <Show
          when={counts()}
          fallback={
            <Show when={dbs.state === "errored"} fallback={<span>Counting databases…</span>}>
              <span class="flex min-w-0 items-center gap-2">
                <Badge tone="danger" dot>Not answering</Badge>
                <span class="truncate" title={errorMessage(dbs.error)}>{errorMessage(dbs.error)}</span>
              </span>
            </Show>
          }
        >
          {(c) => (
            <span>
              <strong class="font-medium text-fg">{c().databases}</strong> database{c().databases === 1 ? "" : "s"} · {formatBytes(c().size)}
              {" · "}
              {c().linked ? `${c().linked} linked to apps` : "none linked to apps"}
            </span>
          )}
        </Show>
      </div>
    </A>
  );
}
