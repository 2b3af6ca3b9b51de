import { createEffect, createSignal, Show } from "solid-js";
import { api, errorMessage, isApiError, type Backup, type BackupPlan, type Job } from "../../api";
import { formatBytes, formatDateTime } from "../../lib/format";
import { Alert, ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Field } from "../ui/Field";
import { Modal, ModalActions } from "../ui/Modal";

/**
 * Restore a backup in place. Names what is replaced, explains the checks, the safety backup and
 * the brief stop, and asks to type the app's (or database's) name. Hands the started job back.
 */
export function RestoreDialog(props: {
  plan: BackupPlan;
  backup: Backup | null;
  /** The app's name (app plans) or the database's name: what the user types. */
  confirmName: string;
  onOpenChange: (open: boolean) => void;
  onStarted: (job: Job, backup: Backup) => void;
}) {
  const [typed, setTyped] = createSignal("");
  const [fieldError, setFieldError] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const app = () => props.plan.scope === "app";
  const matches = () => typed().trim() === props.confirmName;

  createEffect(() => {
    if (props.backup) {
      setTyped("");
      setFieldError(null);
      setError(null);
    }
  });

  async function submit(e: Event) {
    e.preventDefault();
    const b = props.backup;
    if (!b || !matches() || busy()) return;
    setBusy(true);
    setError(null);
    setFieldError(null);
    try {
      const { job } = await api.backups.restore(b.id, typed().trim());
      props.onStarted(job, b);
      props.onOpenChange(false);
    } catch (x) {
      if (isApiError(x) && x.code === "confirm_mismatch") setFieldError(x.message);
      else setError(errorMessage(x));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={!!props.backup} onOpenChange={props.onOpenChange} size="lg" title={`Restore ${app() ? props.confirmName : `database ${props.confirmName}`}`}>
      <form onSubmit={submit} class="space-y-4 text-[13px]">
        <p>
          The current {app() ? <>data of the app <strong>{props.confirmName}</strong> (its volumes, files and linked databases)</> : <>contents of the database <strong class="font-mono">{props.confirmName}</strong></>}{" "}
          is replaced by this backup from <strong>{formatDateTime(props.backup?.createdAt)}</strong> ({formatBytes(props.backup?.bytes)}). Anything written
          since then is lost, unless you restore the safety backup.
        </p>
        <Alert kind="info" title="What happens">
          <ol class="mt-1 list-decimal space-y-0.5 pl-4">
            <li>Every part's checksum is verified before anything is touched.</li>
            <li>A safety backup of the current data is taken (listed here with the reason “safety”), so the restore can be undone.</li>
            <li>{app() ? "The app stops briefly while the restored data is swapped in, then starts again." : "The restored database is swapped in; apps using it may see errors for a moment."}</li>
          </ol>
          <p class="mt-1">If any step fails, the original stays as it was.</p>
        </Alert>
        <Field
          label={`Type ${props.confirmName} to confirm`}
          value={typed()}
          onInput={(e) => {
            setTyped(e.currentTarget.value);
            setFieldError(null);
          }}
          error={fieldError()}
          autocomplete="off"
          spellcheck={false}
          autofocus
          data-testid="restore-confirm-input"
        />
        <ErrorAlert message={error()} />
        <ModalActions>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="danger" disabled={!matches()} loading={busy()} data-testid="restore-confirm-submit">
            <Show when={app()} fallback="Restore database">Restore app</Show>
          </Button>
        </ModalActions>
      </form>
    </Modal>
  );
}
