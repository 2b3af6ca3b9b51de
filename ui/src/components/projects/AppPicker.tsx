import { createResource, createUniqueId, For, Show } from "solid-js";
import { api, type App, type ServerSummary } from "../../api";
import { inputClass } from "../ui/Field";

interface ServerApps {
  server: ServerSummary;
  apps: App[];
  error: boolean;
}

/** Every app of every usable server, by server (an environment may live on any of them). */
async function loadApps(): Promise<ServerApps[]> {
  const servers = (await api.servers.list()).items.filter((s) => s.status !== "revoked" && s.status !== "pending");
  return Promise.all(
    servers.map((server) =>
      api.apps.list(server.id).then(
        (r) => ({ server, apps: r.items, error: false }),
        () => ({ server, apps: [], error: true }),
      ),
    ),
  );
}

/** The app an environment runs: a native select with one group per server (keyboard and screen-reader friendly). */
export function AppPicker(props: { value: string; onChange: (appId: string) => void; error?: string; disabled?: boolean }) {
  const id = createUniqueId();
  const [groups] = createResource(loadApps);
  const offline = () => (groups.state === "ready" ? groups().filter((g) => g.error).map((g) => g.server.name) : []);
  return (
    <div>
      <label for={id} class="mb-1 block text-[13px] font-medium">App</label>
      <select
        id={id}
        class={inputClass}
        value={props.value}
        disabled={props.disabled || groups.state !== "ready"}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={`${id}-hint`}
        data-testid="env-app"
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        <option value="" disabled>{groups.state === "ready" ? "Choose an app…" : groups.state === "errored" ? "Couldn't load apps" : "Loading apps…"}</option>
        <Show when={groups.state === "ready"}>
          <For each={groups()}>
            {(g) => (
              <optgroup label={g.server.name}>
                <For each={g.apps}>{(a) => <option value={String(a.id)} selected={String(a.id) === props.value}>{a.name}</option>}</For>
              </optgroup>
            )}
          </For>
        </Show>
      </select>
      <p id={`${id}-hint`} class="mt-1 text-[12px]" classList={{ "text-danger": !!props.error, "text-muted": !props.error }}>
        {props.error ??
          (offline().length
            ? `Apps of ${offline().join(", ")} couldn't be listed (offline?).`
            : "Its database (linked, or a database service of its own compose file) is what syncs read and replace.")}
      </p>
    </div>
  );
}
