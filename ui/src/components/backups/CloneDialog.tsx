import { createEffect, createResource, createSignal } from "solid-js";
import { api, errorMessage, isApiError, type Backup, type Job } from "../../api";
import { formatBytes, formatDateTime } from "../../lib/format";
import { appNameError } from "../../lib/validate";
import { AppNameField, suggestName } from "../apps/AppNameField";
import { Alert, ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Modal, ModalActions } from "../ui/Modal";

/**
 * Restore an app's backup as a new app beside the original (e.g. for staging): asks the new
 * name, says what the copy gets and that the original is not touched. Hands the started job back.
 */
export function CloneDialog(props: {
  backup: Backup | null;
  /** The original app's name (when it still exists), for the suggested name and the text. */
  appName: string | undefined;
  server: string;
  onOpenChange: (open: boolean) => void;
  onStarted: (job: Job, backup: Backup, name: string) => void;
}) {
  const [apps] = createResource(() => (props.backup ? props.server : false), (s) => api.apps.list(s).then((r) => r.items.map((a) => a.name), () => [] as string[]));
  const [name, setName] = createSignal("");
  const [fieldError, setFieldError] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  createEffect(() => {
    if (props.backup) {
      setName(suggestName(`${props.appName ?? "app"}-staging`, new Set(apps.latest ?? [])));
      setFieldError(null);
      setError(null);
    }
  });

  const check = (n: string) => appNameError(n) ?? ((apps.latest ?? []).includes(n) ? `An app named ${n} already exists on ${props.server}.` : null);

  async function submit(e: Event) {
    e.preventDefault();
    const b = props.backup;
    const n = name().trim();
    if (!b || busy()) return;
    const why = check(n);
    if (why) return setFieldError(why);
    setBusy(true);
    setError(null);
    try {
      const { job } = await api.backups.clone(b.id, n);
      props.onStarted(job, b, n);
      props.onOpenChange(false);
    } catch (x) {
      if (isApiError(x) && (x.code === "app_exists" || x.status === 400)) setFieldError(x.message);
      else setError(errorMessage(x));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={!!props.backup} onOpenChange={props.onOpenChange} size="lg" title="Restore as a new app">
      <form onSubmit={submit} class="space-y-4 text-[13px]" data-testid="clone-dialog">
        <p>
          A new app is made from the backup of {props.appName ? <strong>{props.appName}</strong> : "this app"} taken{" "}
          <strong>{formatDateTime(props.backup?.createdAt)}</strong> ({formatBytes(props.backup?.bytes)}), and runs beside it: handy for a staging copy or to look at old data.
        </p>
        <Alert kind="info" title="What the new app gets">
          <ul class="mt-1 list-disc space-y-0.5 pl-4">
            <li>Every part's checksum is verified first; a damaged backup creates nothing.</li>
            <li>Its own copies of the volumes and files, and a new database (with its own user) for each linked database, holding the backup's rows.</li>
            <li>New host ports, and no domains: add those on the new app's page.</li>
          </ul>
          <p class="mt-1">{props.appName ?? "The original"} keeps running and is not changed. If any step fails, everything the copy made is removed again.</p>
        </Alert>
        <AppNameField
          value={name()}
          onInput={(v) => {
            setName(v);
            setFieldError(null);
          }}
          error={fieldError()}
          server={props.server}
        />
        <ErrorAlert message={error()} />
        <ModalActions>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={busy()} data-testid="clone-submit">
            Create the new app
          </Button>
        </ModalActions>
      </form>
    </Modal>
  );
}
