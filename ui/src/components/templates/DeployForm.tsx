import { createEffect, createResource, createSignal, For, Show, untrack } from "solid-js";
import { createStore } from "solid-js/store";
import Rocket from "lucide-solid/icons/rocket";
import { api, errorMessage, isApiError, type Template } from "../../api";
import { problemsOf, splitProblems } from "../../lib/problems";
import { appNameError } from "../../lib/validate";
import { Alert, ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Card } from "../ui/Page";
import { AppNameField, suggestName } from "../apps/AppNameField";
import { DeployFailed } from "../apps/DeployFailed";
import { useDeployFlow } from "../apps/useDeployFlow";
import { VariableField } from "./VariableField";
import { checkValues, initialValues, payload, visibleVariables } from "./variables";

/** The deploy form generated from a template's variables. */
export function DeployForm(props: { template: Template; server: string }) {
  const vars = () => visibleVariables(props.template.variables);
  const [values, setValues] = createStore<Record<string, string>>(initialValues(props.template.variables));
  const [errors, setErrors] = createStore<Record<string, string | undefined>>({});
  const [name, setName] = createSignal("");
  const [nameError, setNameError] = createSignal<string | null>(null);
  const [formError, setFormError] = createSignal<string | null>(null);
  const [otherProblems, setOtherProblems] = createSignal<string[]>([]);
  const [busy, setBusy] = createSignal(false);
  const flow = useDeployFlow();
  const [apps] = createResource(() => props.server, (s) => api.apps.list(s).then((r) => r.items).catch(() => []));
  const taken = () => new Set((apps.latest ?? []).map((a) => a.name));

  // Suggest a free name once the server's apps are known (unless the user typed one already).
  let suggested = false;
  createEffect(() => {
    if (suggested || apps.state !== "ready") return;
    suggested = true;
    if (!untrack(name)) setName(suggestName(props.template.id, taken()));
  });

  function validate(): boolean {
    const n = name().trim();
    const nErr = appNameError(n) ?? (taken().has(n) ? `An app named ${n} already exists on this server.` : null);
    setNameError(nErr);
    const errs = checkValues(props.template.variables, values);
    setErrors(Object.fromEntries(vars().map((v) => [v.name, errs[v.name]])));
    return !nErr && Object.keys(errs).length === 0;
  }

  async function submit(e: Event) {
    e.preventDefault();
    setFormError(null);
    setOtherProblems([]);
    if (!validate()) return;
    setBusy(true);
    try {
      const res = await api.apps.create({
        server: props.server,
        name: name().trim(),
        templateId: props.template.id,
        variables: payload(props.template.variables, values),
      });
      flow.start(res.app, res.job);
    } catch (err) {
      const names = new Set(vars().map((v) => v.name));
      const { byKey, rest } = splitProblems(problemsOf(err), (k) => names.has(k) || k === "name");
      const code = isApiError(err) ? err.code : "";
      // 409 port_taken names the port, not the variable: put it under the field that asked for it.
      const port = code === "port_taken" ? String((err as { details?: { port?: unknown } }).details?.port ?? "") : "";
      const portVar = port ? vars().find((v) => v.type === "port" && (values[v.name] ?? "").trim() === port) : undefined;
      if (portVar) byKey[portVar.name] = errorMessage(err);
      setErrors(Object.fromEntries(vars().map((v) => [v.name, byKey[v.name]])));
      setNameError(byKey.name ?? (code === "app_exists" ? errorMessage(err) : null));
      setOtherProblems(rest.map((p) => `${p.variable ?? p.path ?? ""}: ${p.message}`.replace(/^: /, "")));
      if (Object.keys(byKey).length === 0 && code !== "app_exists") setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} novalidate class="space-y-4">
      <Card title="App" id="deploy-app">
        <AppNameField value={name()} onInput={(v) => (setName(v), setNameError(null))} error={nameError()} server={props.server} />
      </Card>
      <Card title="Settings" id="deploy-settings">
        <Show when={vars().length > 0} fallback={<p class="text-[13px] text-muted">This template needs no settings.</p>}>
          <div class="space-y-4">
            <For each={vars()}>
              {(v) => (
                <VariableField
                  v={v}
                  all={props.template.variables}
                  value={values[v.name] ?? ""}
                  onInput={(x) => {
                    setValues(v.name, x);
                    setErrors(v.name, undefined);
                  }}
                  error={errors[v.name]}
                />
              )}
            </For>
          </div>
        </Show>
        <Show when={props.template.variables.some((v) => v.hidden)}>
          <p class="mt-4 text-[12px] text-muted">
            Internal settings (database passwords and the like) are generated for you; find them later under the app's Environment.
          </p>
        </Show>
      </Card>
      <ErrorAlert message={formError()} />
      <Show when={otherProblems().length > 0}>
        <Alert kind="error" title="Some settings were refused">
          <ul class="list-disc pl-4">
            <For each={otherProblems()}>{(p) => <li>{p}</li>}</For>
          </ul>
        </Alert>
      </Show>
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
  );
}
