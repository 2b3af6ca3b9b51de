import { createEffect, createResource, on, Show, untrack } from "solid-js";
import { useLocation, useSearchParams } from "@solidjs/router";
import Server from "lucide-solid/icons/server";
import { api } from "../../api";
import { isServerScoped, selectServer, selectedServerId } from "../../lib/servers";
import { SelectField } from "../ui/SelectField";

/**
 * Picks the server whose resources the pages show (apps, Docker, logs, metrics, template deploys).
 * Shown only on those pages; the choice lives in the URL (?server=) so a link or a reload shows
 * the same server, and in the browser for the next visit.
 */
export function ServerPicker() {
  const [servers] = createResource(() => api.servers.list().then((r) => r.items));
  const location = useLocation();
  const [params, setParams] = useSearchParams<{ server?: string }>();
  const scoped = () => isServerScoped(location.pathname);

  // The URL wins (a shared link, back/forward); a page opened without ?server= gets the choice added.
  createEffect(() => {
    if (!scoped()) return;
    const fromUrl = params.server;
    const current = untrack(selectedServerId);
    if (!fromUrl) setParams({ server: current }, { replace: true });
    else if (fromUrl !== current) selectServer(fromUrl);
  });
  // A choice made here (or a fallback below) is written to the URL.
  createEffect(
    on(selectedServerId, (id) => {
      if (untrack(scoped) && untrack(() => params.server) !== id) setParams({ server: id }, { replace: true });
    }),
  );

  // Servers that can hold resources: not those still waiting to register, nor revoked ones.
  const usable = () => (servers.latest ?? []).filter((s) => s.status === "online" || s.status === "offline");
  // A remembered (or linked) server that is gone: fall back to the first one.
  createEffect(() => {
    const list = usable();
    if (servers.latest && list.length > 0 && !list.some((s) => s.id === selectedServerId())) selectServer(list[0]!.id);
  });

  const options = () => usable().map((s) => ({ value: s.id, label: `${s.name}${s.status === "offline" ? " (offline)" : ""}` }));

  return (
    <Show when={scoped()}>
      <div class="flex min-w-0 items-center gap-2" data-testid="server-picker">
        <Server class="hidden size-4 shrink-0 text-muted sm:block" aria-hidden="true" />
        <Show
          when={options().length > 0}
          fallback={<span class="text-[13px] text-muted">{servers.state === "errored" ? "Servers unavailable" : "…"}</span>}
        >
          <SelectField
            label="Server"
            hideLabel
            options={options()}
            value={selectedServerId()}
            onChange={selectServer}
            class="w-40 sm:w-52"
            triggerClass="h-8"
            testId="server-picker-trigger"
          />
        </Show>
      </div>
    </Show>
  );
}
