import { createEffect, createResource, Show } from "solid-js";
import AppWindow from "lucide-solid/icons/app-window";
import Database from "lucide-solid/icons/database";
import { api, errorMessage, type BackupScope } from "../../api";
import { selectedServerId } from "../../lib/servers";
import { ErrorAlert } from "../ui/Alert";
import { Field } from "../ui/Field";
import { SelectField } from "../ui/SelectField";
import { engineLabel } from "../databases/engine";
import type { FormProps } from "./planForm";
import { Segmented } from "./Segmented";

const Err = (p: { text?: string }) => <Show when={p.text}><p class="mt-1 text-[12px] text-danger">{p.text}</p></Show>;

/** What to back up: an app (volumes, files, linked databases) or one database on a registered server. */
export function PlanWhatFields(props: FormProps & { open: boolean; serverId?: string }) {
  const f = () => props.form;
  const [apps] = createResource(() => props.open && (props.serverId ?? selectedServerId()), (s) => api.apps.list(s).then((r) => r.items));
  const [servers] = createResource(() => props.open && f().scope === "database", () => api.databases.servers().then((r) => r.items));
  const [dbs] = createResource(() => (f().scope === "database" && f().dbServerId ? Number(f().dbServerId) : false), (id) =>
    api.databases.list(id).then((r) => r.items),
  );
  const appList = () => (apps.state === "ready" ? apps() : []);
  const serverList = () => (servers.state === "ready" ? servers() : []);
  const dbList = () => (dbs.state === "ready" ? dbs() : []);

  // Keep the selects on something that exists.
  createEffect(() => {
    if (f().scope === "database" && serverList().length && !serverList().some((s) => String(s.id) === f().dbServerId)) props.set("dbServerId", String(serverList()[0]!.id));
  });
  createEffect(() => {
    if (dbList().length && !dbList().some((d) => d.name === f().dbName)) props.set("dbName", dbList()[0]!.name);
  });

  return (
    <section class="space-y-3" aria-label="What">
      <Segmented<BackupScope>
        label="What"
        testId="plan-scope"
        value={f().scope}
        onChange={(v) => props.set("scope", v)}
        options={[
          { value: "app", label: "An app", icon: <AppWindow class="size-4" aria-hidden="true" /> },
          { value: "database", label: "A database", icon: <Database class="size-4" aria-hidden="true" /> },
        ]}
      />
      <Show
        when={f().scope === "database"}
        fallback={
          <div>
            <Show when={apps.state !== "errored"} fallback={<ErrorAlert message={`Couldn't load apps: ${errorMessage(apps.error)}`} />}>
              <Show when={apps.state !== "ready" || appList().length > 0} fallback={<p class="text-[13px] text-muted">No apps on this server yet: deploy one first, or back up a database.</p>}>
                <SelectField
                  label="App"
                  testId="plan-app-select"
                  disabled={apps.state !== "ready"}
                  options={[{ value: "", label: apps.state === "ready" ? "Choose an app…" : "Loading apps…", disabled: true }, ...appList().map((a) => ({ value: String(a.id), label: a.name }))]}
                  value={f().appId}
                  onChange={(v) => props.set("appId", v)}
                />
                <p class="mt-1 text-[12px] text-muted">Its volumes, files and the databases linked to it.</p>
              </Show>
            </Show>
            <Err text={props.errors.appId} />
          </div>
        }
      >
        <Show when={servers.state !== "errored"} fallback={<ErrorAlert message={`Couldn't load database servers: ${errorMessage(servers.error)}`} />}>
          <Show when={servers.state !== "ready" || serverList().length > 0} fallback={<p class="text-[13px] text-muted">No database server is registered yet: add one under Databases.</p>}>
            <div class="grid gap-3 sm:grid-cols-2">
              <div>
                <SelectField
                  label="Database server"
                  testId="plan-db-server-select"
                  disabled={servers.state !== "ready"}
                  options={serverList().length ? serverList().map((s) => ({ value: String(s.id), label: `${s.name} (${engineLabel(s.engine)})` })) : [{ value: "", label: "Loading…" }]}
                  value={f().dbServerId}
                  onChange={(v) => props.set({ dbServerId: v, dbName: "" })}
                />
                <Err text={props.errors.dbServerId} />
              </div>
              <Show
                when={dbs.state !== "errored" && !(dbs.state === "ready" && dbList().length === 0)}
                fallback={
                  <Field label="Database" hint={dbs.state === "errored" ? `Couldn't list databases: ${errorMessage(dbs.error)}` : "No database found on this server: type its name."} value={f().dbName} onInput={(e) => props.set("dbName", e.currentTarget.value)} error={props.errors.dbName ?? null} autocomplete="off" spellcheck={false} />
                }
              >
                <div>
                  <SelectField
                    label="Database"
                    testId="plan-db-select"
                    disabled={dbs.state !== "ready"}
                    options={dbList().length ? dbList().map((d) => ({ value: d.name, label: d.name })) : [{ value: "", label: "Loading…" }]}
                    value={f().dbName}
                    onChange={(v) => props.set("dbName", v)}
                  />
                  <Err text={props.errors.dbName} />
                </div>
              </Show>
            </div>
          </Show>
        </Show>
      </Show>
    </section>
  );
}
