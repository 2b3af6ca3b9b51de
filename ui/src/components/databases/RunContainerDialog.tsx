import { createEffect, createResource, createSignal, Show } from "solid-js";
import { api, errorMessage, isApiError, type DbEngine, type DbEngineInfo, type Job } from "../../api";
import { toast } from "../../lib/toast";
import { InlineJobPanel } from "../jobs/InlineJobPanel";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Field } from "../ui/Field";
import { Modal, ModalActions } from "../ui/Modal";
import { SelectField } from "../ui/SelectField";

const linkNote = (l: DbEngineInfo["link"]) => (l.kind === "url" ? `Linked apps get ${l.variable}.` : "Linked apps get DB_* variables and DATABASE_URL.");

/**
 * "Run in a container": the panel deploys the engine's template as an app (generated admin
 * password, port on 127.0.0.1 only, data in a named volume), waits until it answers and
 * registers it. The job is followed here until it ends.
 */
export function RunContainerDialog(props: { open: boolean; onOpenChange: (v: boolean) => void; onAdded: () => void }) {
  const [engines] = createResource(() => props.open, () => api.databases.engines().then((r) => r.items));
  const [engine, setEngine] = createSignal<DbEngine>("postgres");
  const [name, setName] = createSignal("");
  const [nameError, setNameError] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [job, setJob] = createSignal<Job | null>(null);
  const info = () => engines()?.find((e) => e.id === engine());

  createEffect(() => {
    if (props.open) {
      setEngine("postgres");
      setName("");
      setNameError(null);
      setError(null);
      setJob(null);
    }
  });

  async function submit(ev: Event) {
    ev.preventDefault();
    setError(null);
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(name().trim())) return setNameError("Lowercase letters, digits and '-', at most 40 characters.");
    setNameError(null);
    setBusy(true);
    try {
      setJob((await api.databases.runContainer({ engine: engine(), name: name().trim() })).job);
    } catch (x) {
      if (isApiError(x) && (x.code === "invalid_name" || x.code === "database_server_exists" || x.code === "app_exists")) setNameError(errorMessage(x));
      else setError(errorMessage(x));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={props.open}
      onOpenChange={props.onOpenChange}
      size="lg"
      title="Run a database server in a container"
      description="The panel deploys the engine's template as an app with a generated admin password, its port published on 127.0.0.1 only and its data in a named volume, waits until it accepts connections, and registers it."
    >
      <Show
        when={job()}
        fallback={
          <form onSubmit={submit} class="space-y-4" novalidate>
            <div class="grid gap-3 sm:grid-cols-2">
              <SelectField
                label="Engine"
                options={(engines() ?? []).map((e) => ({ value: e.id, label: e.label }))}
                value={engine()}
                onChange={(v) => setEngine(v as DbEngine)}
              />
              <Field
                label="Name"
                placeholder={`${engine()}-1`}
                hint="a-z, 0-9 and '-'; the app is called db-<name>."
                autocapitalize="none"
                autocomplete="off"
                value={name()}
                onInput={(e) => setName(e.currentTarget.value)}
                error={nameError()}
                data-testid="run-container-name"
              />
            </div>
            <Show when={info()}>
              {(e) => (
                <p class="text-[12px] text-muted" data-testid="run-container-engine-note">
                  Image {e().image}.{" "}
                  {e().capabilities.databases
                    ? "Databases and users are managed here as for any server."
                    : `Backed up as a whole (plans use "${e().wholeServer?.name}"); no databases or users to manage.`}{" "}
                  {linkNote(e().link)}
                </p>
              )}
            </Show>
            <ErrorAlert message={error()} />
            <ModalActions>
              <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
              <Button type="submit" variant="primary" loading={busy()} data-testid="run-container-submit">
                Deploy and register
              </Button>
            </ModalActions>
          </form>
        }
      >
        {(j) => (
          <InlineJobPanel
            jobId={j().id}
            title={<>Run {name()} in a container</>}
            ariaLabel={`Deploying ${name()}`}
            testId="run-container-job"
            progressLabel="Deploying"
            firstStep="Deploying the container"
            failedTitle="The database server could not be started"
            succeeded={() => <p>{name()} is running and registered.</p>}
            onFinished={(done) => {
              if (done.status === "succeeded") {
                toast.success(`${name()} is running`, "Registered as a container database server.");
                props.onAdded();
              }
            }}
            onDismiss={() => props.onOpenChange(false)}
          />
        )}
      </Show>
    </Modal>
  );
}
