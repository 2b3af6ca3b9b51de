import { createEffect, createResource, createSignal, For, Show } from "solid-js";
import { A } from "@solidjs/router";
import { api, errorMessage, isApiError, type App, type Job } from "../../api";
import { Alert, ErrorAlert } from "../ui/Alert";
import { Button, buttonClass } from "../ui/Button";
import { Field } from "../ui/Field";
import { Loading } from "../ui/Loading";
import { Modal, ModalActions } from "../ui/Modal";
import { SelectField } from "../ui/SelectField";
import { engineLabel } from "../databases/engine";

/** What the API does by default: "my-blog" -> "my_blog" (prefixed when it starts with a digit). */
export const defaultDbName = (app: string) => {
  const s = app.replace(/-/g, "_").slice(0, 40);
  return /^[a-z]/.test(s) ? s : `a${s}`.slice(0, 40);
};
export const envKeysFor = (p: string) => [...["HOST", "PORT", "NAME", "USER", "PASSWORD"].map((s) => `${p}_${s}`), p === "DB" ? "DATABASE_URL" : `${p}_URL`];
const FIELD: Record<string, "database" | "prefix"> = { invalid_prefix: "prefix", prefix_in_use: "prefix", invalid_db_name: "database", reserved_db_name: "database" };

/** Link a database into the app: database (created unless it exists), its own user, variables, redeploy. */
export function LinkDatabaseDialog(props: { app: App; open: boolean; onOpenChange: (v: boolean) => void; onLinked: (job: Job) => void }) {
  const [servers] = createResource(() => props.open, () => api.databases.servers().then((r) => r.items.filter((s) => s.serverId === props.app.serverId)));
  const [serverId, setServerId] = createSignal("");
  const [database, setDatabase] = createSignal("");
  const [prefix, setPrefix] = createSignal("DB");
  const [errors, setErrors] = createSignal<{ database?: string; prefix?: string }>({});
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const list = () => (servers.state === "ready" ? servers() : []);

  createEffect(() => {
    if (props.open) {
      setDatabase(defaultDbName(props.app.name));
      setPrefix("DB");
      setErrors({});
      setError(null);
    }
  });
  createEffect(() => {
    if (!list().some((s) => String(s.id) === serverId())) setServerId(list()[0] ? String(list()[0]!.id) : "");
  });

  async function submit(e: Event) {
    e.preventDefault();
    const found: { database?: string; prefix?: string } = {};
    if (!/^[a-z][a-z0-9_]{0,62}$/.test(database().trim())) found.database = "Lowercase letters, digits and underscores, starting with a letter, at most 63 characters.";
    if (!/^[A-Z][A-Z0-9_]{0,30}$/.test(prefix().trim())) found.prefix = "Upper-case letters, digits and underscores, starting with a letter (e.g. DB, ANALYTICS_DB).";
    setErrors(found);
    setError(null);
    if (found.database || found.prefix || !serverId()) return;
    setBusy(true);
    try {
      const res = await api.databases.link(props.app.id, { databaseServerId: Number(serverId()), database: database().trim(), prefix: prefix().trim() });
      props.onLinked(res.job);
      props.onOpenChange(false);
    } catch (x) {
      const f = isApiError(x) ? FIELD[x.code] : undefined;
      if (f) setErrors({ [f]: errorMessage(x) });
      else setError(errorMessage(x));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={props.open} onOpenChange={props.onOpenChange} size="lg" title="Link database" description={`Give ${props.app.name} a database with a user of its own, passed in as environment variables.`}>
      <Show when={servers.state !== "pending" && servers.state !== "unresolved"} fallback={<Loading label="Loading database servers…" />}>
        <Show
          when={list().length > 0}
          fallback={
            <div class="space-y-4">
              <Show when={servers.state === "errored"} fallback={<p class="text-[13px]">No database server is registered on this app's server yet.</p>}>
                <ErrorAlert message={errorMessage(servers.error)} />
              </Show>
              <ModalActions>
                <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
                <A href="/databases" class={buttonClass("primary")}>Go to Databases</A>
              </ModalActions>
            </div>
          }
        >
          <form onSubmit={submit} class="space-y-4" novalidate>
            <SelectField label="Database server" options={list().map((s) => ({ value: String(s.id), label: `${s.name} — ${engineLabel(s.engine)} ${s.version ?? ""}`.trim() }))} value={serverId()} onChange={setServerId} />
            <div class="grid gap-3 sm:grid-cols-2">
              <Field label="Database" hint="Created unless it already exists." autocomplete="off" autocapitalize="none" spellcheck={false} value={database()} onInput={(e) => setDatabase(e.currentTarget.value)} error={errors().database ?? null} />
              <Field label="Variable prefix" autocomplete="off" spellcheck={false} value={prefix()} onInput={(e) => setPrefix(e.currentTarget.value.toUpperCase())} error={errors().prefix ?? null} />
            </div>
            <Alert kind="info">
              <p>The app gets these variables, then is redeployed to pick them up:</p>
              <p class="mt-1 flex flex-wrap gap-1">
                <For each={envKeysFor(prefix().trim() || "DB")}>{(k) => <code class="rounded bg-surface px-1.5 py-px font-mono text-[12px] text-fg">{k}</code>}</For>
              </p>
              <p class="mt-1">A user of its own is created with a generated password and all privileges on this database only.</p>
            </Alert>
            <ErrorAlert message={error()} />
            <ModalActions>
              <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
              <Button type="submit" variant="primary" loading={busy()} data-testid="link-database-submit">Link and redeploy</Button>
            </ModalActions>
          </form>
        </Show>
      </Show>
    </Modal>
  );
}
