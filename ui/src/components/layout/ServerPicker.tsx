import { createEffect, createResource, Show } from "solid-js";
import Server from "lucide-solid/icons/server";
import { api } from "../../api";
import { selectServer, selectedServerId } from "../../lib/servers";
import { SelectField } from "../ui/SelectField";

/** Picks the server whose resources the pages show (only "local" for now). */
export function ServerPicker() {
  const [servers] = createResource(() => api.servers.list().then((r) => r.items));

  // If the remembered server no longer exists, fall back to the first one.
  createEffect(() => {
    const list = servers.latest;
    if (list && list.length > 0 && !list.some((s) => s.id === selectedServerId())) selectServer(list[0]!.id);
  });

  const options = () =>
    (servers.latest ?? []).map((s) => ({ value: s.id, label: `${s.name}${s.status === "offline" ? " (offline)" : ""}` }));

  return (
    <div class="flex min-w-0 items-center gap-2">
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
        />
      </Show>
    </div>
  );
}
