import { createEffect, createResource, createSignal, For, Show } from "solid-js";
import Save from "lucide-solid/icons/save";
import { valueOf } from "../../lib/resource";
import { api, errorMessage, type App, type FieldProblem } from "../../api";
import { problemKey, problemsOf } from "../../lib/problems";
import { can } from "../../lib/session";
import { useOpenJob } from "../jobs/openJob";
import { Alert, ErrorAlert } from "../ui/Alert";
import { Async } from "../ui/Async";
import { Button } from "../ui/Button";
import { Card } from "../ui/Page";
import { envObject, envRow, envRowErrors, EnvRows, type EnvRow } from "./EnvRows";

const same = (a: EnvRow[], b: EnvRow[]) => JSON.stringify(envObject(a)) === JSON.stringify(envObject(b));

/** The app's .env: edit key/values (secrets masked), save = redeploy job. */
export function AppEnv(props: { app: App }) {
  const openJob = useOpenJob();
  const [env, { refetch }] = createResource(() => props.app.id, (id) => api.apps.env(id).then((r) => r.env));
  const [rows, setRows] = createSignal<EnvRow[]>([]);
  const [saved, setSaved] = createSignal<EnvRow[]>([]);
  const [problems, setProblems] = createSignal<FieldProblem[]>([]);
  const [error, setError] = createSignal<string | null>(null);
  const [showErrors, setShowErrors] = createSignal(false);
  const [busy, setBusy] = createSignal(false);

  createEffect(() => {
    const list = valueOf(env);
    if (!list) return;
    const next = list.map((e) => envRow(e.key, e.value, e.secret));
    setRows(next);
    setSaved(next);
  });

  const dirty = () => !same(rows(), saved());
  const rowErrors = () => {
    const out: Record<number, string | undefined> = showErrors() ? envRowErrors(rows()) : {};
    for (const p of problems()) {
      const key = problemKey(p).replace(/^env\./, "");
      const row = rows().find((r) => r.key.trim() === key);
      if (row) out[row.id] = p.message;
    }
    return out;
  };
  const unmatched = () => problems().filter((p) => !rows().some((r) => r.key.trim() === problemKey(p).replace(/^env\./, "")));

  async function save(e: Event) {
    e.preventDefault();
    setShowErrors(true);
    setProblems([]);
    setError(null);
    if (Object.keys(envRowErrors(rows())).length) return;
    setBusy(true);
    try {
      const res = await api.apps.saveEnv(props.app.id, envObject(rows()));
      setSaved(rows());
      setShowErrors(false);
      openJob(res.job.id);
    } catch (err) {
      const p = problemsOf(err);
      setProblems(p);
      if (!p.length || !p.some((x) => rows().some((r) => `env.${r.key.trim()}` === problemKey(x) || r.key.trim() === problemKey(x)))) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Async of={env} retry={refetch} loadingLabel="Loading environment…">
      {() => (
        <form onSubmit={save} novalidate>
          <Card title="Environment variables" id="app-env">
            <p class="mb-3 text-[13px] text-muted">
              The app's <code class="font-mono">.env</code> file. Secret values are hidden until you reveal them; reading them is recorded in the audit log.
            </p>
            <EnvRows rows={rows()} onChange={setRows} errors={rowErrors()} readOnly={!can("operator")} />
            <Show when={unmatched().length > 0}>
              <Alert kind="error" class="mt-3">
                <ul><For each={unmatched()}>{(p) => <li>{p.message}</li>}</For></ul>
              </Alert>
            </Show>
          </Card>
          <Show when={can("operator")}>
            <div class="mt-4 flex flex-wrap items-center justify-end gap-3">
              <Alert kind="warning" class="mr-auto">
                Saving redeploys {props.app.name}: its containers are recreated with the new values (a short interruption).
              </Alert>
              <ErrorAlert message={error()} />
              <Button disabled={!dirty() || busy()} onClick={() => setRows(saved())}>
                Discard changes
              </Button>
              <Button type="submit" variant="primary" disabled={!dirty()} loading={busy()}>
                <Save class="size-4" aria-hidden="true" /> Save and redeploy
              </Button>
            </div>
          </Show>
        </form>
      )}
    </Async>
  );
}
