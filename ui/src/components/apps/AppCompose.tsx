import { createEffect, createResource, createSignal, Show } from "solid-js";
import Save from "lucide-solid/icons/save";
import { valueOf } from "../../lib/resource";
import { api, errorMessage, type App, type FieldProblem } from "../../api";
import { can } from "../../lib/session";
import { useOpenJob } from "../jobs/openJob";
import { Alert, ErrorAlert } from "../ui/Alert";
import { Async } from "../ui/Async";
import { Button } from "../ui/Button";
import { CodeEditor, linesIn } from "../ui/CodeEditor";
import { Card } from "../ui/Page";
import { ComposeProblems, splitComposeProblems } from "./ComposeProblems";

/** The app's compose file: edit, then save = validate + redeploy job (a failed redeploy restores the old files). */
export function AppCompose(props: { app: App }) {
  const openJob = useOpenJob();
  const [data, { refetch }] = createResource(() => props.app.id, (id) => api.apps.compose(id).then((r) => r.compose));
  const [text, setText] = createSignal("");
  const [saved, setSaved] = createSignal("");
  const [problems, setProblems] = createSignal<FieldProblem[]>([]);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  createEffect(() => {
    const c = valueOf(data);
    if (c === undefined) return;
    setText(c);
    setSaved(c);
  });

  const dirty = () => text() !== saved();

  async function save(e: Event) {
    e.preventDefault();
    setProblems([]);
    setError(null);
    if (!text().trim()) return setProblems([{ path: "compose", message: "The compose file can't be empty." }]);
    setBusy(true);
    try {
      const res = await api.apps.saveCompose(props.app.id, text());
      setSaved(text());
      openJob(res.job.id);
    } catch (err) {
      const p = splitComposeProblems(err).compose;
      setProblems(p);
      if (!p.length) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Async of={data} retry={refetch} loadingLabel="Loading compose file…">
      {() => (
        <form onSubmit={save} novalidate>
          <Card title="Compose file" id="app-compose">
            <CodeEditor
              label="Compose file (YAML)"
              value={text()}
              onInput={(v) => (setText(v), setProblems([]))}
              readOnly={!can("operator")}
              invalid={problems().length > 0}
              errorLines={linesIn(problems().map((p) => p.message))}
              describedBy="app-compose-problems"
              height="28rem"
            />
            <ComposeProblems id="app-compose-problems" problems={problems()} />
          </Card>
          <Show when={can("operator")}>
            <div class="mt-4 flex flex-wrap items-center justify-end gap-3">
              <Alert kind="warning" class="mr-auto">
                Saving checks the file, then redeploys {props.app.name}. If the redeploy fails, the previous files are restored.
              </Alert>
              <ErrorAlert message={error()} />
              <Button disabled={!dirty() || busy()} onClick={() => (setText(saved()), setProblems([]))}>
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
