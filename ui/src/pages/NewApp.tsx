import { createResource, createSignal, For, Show } from "solid-js";
import { A } from "@solidjs/router";
import ArrowLeft from "lucide-solid/icons/arrow-left";
import Rocket from "lucide-solid/icons/rocket";
import { api, errorMessage, isApiError, type FieldProblem } from "../api";
import { selectedServerId } from "../lib/servers";
import { appNameError } from "../lib/validate";
import { Alert, ErrorAlert } from "../components/ui/Alert";
import { Button } from "../components/ui/Button";
import { CodeEditor, linesIn } from "../components/ui/CodeEditor";
import { Card, PageHeader } from "../components/ui/Page";
import { RequireRole } from "../components/layout/RequireRole";
import { AppNameField } from "../components/apps/AppNameField";
import { ComposeProblems, splitComposeProblems } from "../components/apps/ComposeProblems";
import { DeployFailed } from "../components/apps/DeployFailed";
import { envObject, envRow, envRowErrors, EnvRows, type EnvRow } from "../components/apps/EnvRows";
import { useDeployFlow } from "../components/apps/useDeployFlow";

const STARTER = `services:
  web:
    image: nginx:1.27-alpine
    restart: unless-stopped
    ports:
      - "8080:80"
    environment:
      TZ: \${TZ}
`;

/** /apps/new — an app from a compose file the user writes or pastes. */
export default function NewApp() {
  const [name, setName] = createSignal("");
  const [compose, setCompose] = createSignal(STARTER);
  const [rows, setRows] = createSignal<EnvRow[]>([envRow("TZ", "Etc/UTC")]);
  const [nameError, setNameError] = createSignal<string | null>(null);
  const [composeProblems, setComposeProblems] = createSignal<FieldProblem[]>([]);
  const [envProblems, setEnvProblems] = createSignal<FieldProblem[]>([]);
  const [formError, setFormError] = createSignal<string | null>(null);
  const [showEnvErrors, setShowEnvErrors] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const flow = useDeployFlow();
  const [apps] = createResource(selectedServerId, (s) => api.apps.list(s).then((r) => r.items).catch(() => []));

  async function submit(e: Event) {
    e.preventDefault();
    setFormError(null);
    setComposeProblems([]);
    setEnvProblems([]);
    const n = name().trim();
    const nErr = appNameError(n) ?? ((apps.latest ?? []).some((a) => a.name === n) ? `An app named ${n} already exists on this server.` : null);
    setNameError(nErr);
    setShowEnvErrors(true);
    const noCompose = !compose().trim() ? [{ path: "compose", message: "Paste or write a compose file." }] : [];
    setComposeProblems(noCompose);
    if (nErr || noCompose.length || Object.keys(envRowErrors(rows())).length) return;
    setBusy(true);
    try {
      const res = await api.apps.create({ server: selectedServerId(), name: n, compose: compose(), env: envObject(rows()) });
      flow.start(res.app, res.job);
    } catch (err) {
      const split = splitComposeProblems(err);
      setNameError(split.name ?? (isApiError(err) && err.code === "app_exists" ? err.message : null));
      setEnvProblems(split.env);
      setComposeProblems(split.compose);
      if (!split.name && !split.env.length && !split.compose.length && !(isApiError(err) && err.code === "app_exists")) {
        setFormError(errorMessage(err));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <RequireRole min="operator">
      <A href="/apps" class="mb-3 inline-flex items-center gap-1 rounded text-[13px] text-muted hover:text-fg">
        <ArrowLeft class="size-4" aria-hidden="true" /> Apps
      </A>
      <PageHeader
        title="New app from compose"
        description="Deploy your own Docker Compose file. It is checked before anything starts; bind mounts outside the app's folder, privileged containers and the Docker socket need an admin."
      />
      <form onSubmit={submit} novalidate class="space-y-4">
        <Card title="App" id="new-app">
          <AppNameField value={name()} onInput={(v) => (setName(v), setNameError(null))} error={nameError()} server={selectedServerId()} />
        </Card>
        <Card title="Compose file" id="new-compose">
          <CodeEditor
            label="Compose file (YAML)"
            value={compose()}
            onInput={(v) => (setCompose(v), setComposeProblems([]))}
            invalid={composeProblems().length > 0}
            errorLines={linesIn(composeProblems().map((p) => p.message))}
            describedBy="new-compose-problems"
            hint="Use ${NAME} to refer to the environment variables below."
          />
          <ComposeProblems id="new-compose-problems" problems={composeProblems()} />
        </Card>
        <Card title="Environment" id="new-env">
          <p class="mb-3 text-[13px] text-muted">Written to the app's .env file. Values of names with PASS, SECRET, TOKEN or KEY are hidden.</p>
          <EnvRows rows={rows()} onChange={setRows} errors={showEnvErrors() ? envRowErrors(rows()) : {}} />
          <Show when={envProblems().length > 0}>
            <Alert kind="error" class="mt-3">
              <ul>
                <For each={envProblems()}>{(p) => <li>{p.message}</li>}</For>
              </ul>
            </Alert>
          </Show>
        </Card>
        <ErrorAlert message={formError()} />
        <Show when={flow.failed()}>{(f) => <DeployFailed app={f().app} job={f().job} kept={f().kept} onShowLog={() => flow.openJob(f().job.id)} />}</Show>
        <div class="flex items-center justify-end gap-3">
          <Show when={flow.running()}>
            <span class="text-[13px] text-muted" role="status">Deploying… you'll be taken to the app when it's up.</span>
          </Show>
          <Button type="submit" variant="primary" loading={busy() || flow.running()}>
            <Rocket class="size-4" aria-hidden="true" />
            Deploy
          </Button>
        </div>
      </form>
    </RequireRole>
  );
}
