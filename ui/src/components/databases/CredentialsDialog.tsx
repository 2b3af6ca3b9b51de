import { createEffect, createSignal, For, on, Show } from "solid-js";
import Eye from "lucide-solid/icons/eye";
import { api, errorMessage, type DatabaseCredentials, type DatabaseUser } from "../../api";
import { Alert, ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { CopyButton } from "../ui/CopyButton";
import { Modal, ModalActions } from "../ui/Modal";

function Value(props: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt class="mb-1 text-[12px] text-muted">{props.label}</dt>
      <dd class="flex items-center gap-2">
        <code class="min-w-0 flex-1 rounded-md border border-line bg-surface-2 px-2.5 py-1.5 font-mono text-[12.5px] break-all select-all" data-testid={props.testId}>
          {props.value}
        </code>
        <CopyButton text={props.value} what={props.label} />
      </dd>
    </div>
  );
}

/**
 * A user's password and connection details: fetched only when the user presses Reveal (the
 * reveal is audit-logged) and forgotten again when the dialog closes.
 */
export function CredentialsDialog(props: { user: DatabaseUser | null; onClose: () => void }) {
  const [creds, setCreds] = createSignal<DatabaseCredentials | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  // Forget whatever was revealed as soon as the dialog closes or shows another user.
  createEffect(
    on(() => props.user, () => {
      setCreds(null);
      setError(null);
      setBusy(false);
    }),
  );

  async function reveal() {
    const u = props.user;
    if (!u) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.databases.credentials(u.id);
      if (props.user?.id === u.id) setCreds(r.credentials);
    } catch (x) {
      if (props.user?.id === u.id) setError(errorMessage(x));
    } finally {
      setBusy(false);
    }
  }

  const rows = (c: DatabaseCredentials) => [
    { label: "User", value: c.username },
    { label: "Password", value: c.password, testId: "credentials-password" },
    ...(c.database ? [{ label: "Database", value: c.database }] : []),
    { label: "Host and port for apps", value: `${c.appHost}:${c.appPort}` },
    ...(c.appHost !== c.host || c.appPort !== c.port ? [{ label: "Host and port from this server", value: `${c.host}:${c.port}` }] : []),
    ...(c.url ? [{ label: "Connection URL", value: c.url }] : []),
  ];

  return (
    <Modal open={!!props.user} onOpenChange={(o) => !o && props.onClose()} size="lg" title={`Credentials of ${props.user?.username ?? "user"}`}>
      <Show
        when={creds()}
        fallback={
          <div class="space-y-4">
            <p class="text-[13px]">
              Show the password and connection details of <strong class="font-mono">{props.user?.username}</strong>
              {props.user?.grants.length ? <> ({props.user.grants.join(", ")})</> : null}. Revealing is recorded in the audit log with your name.
            </p>
            <ErrorAlert message={error()} />
            <ModalActions>
              <Button onClick={() => props.onClose()}>Cancel</Button>
              <Button variant="primary" loading={busy()} onClick={() => void reveal()} data-testid="reveal-credentials">
                <Show when={!busy()}><Eye class="size-4" aria-hidden="true" /></Show> Reveal
              </Button>
            </ModalActions>
          </div>
        }
      >
        {(c) => (
          <div class="space-y-4">
            <dl class="space-y-3">
              <For each={rows(c())}>{(r) => <Value {...r} />}</For>
            </dl>
            <Alert kind="info">This reveal was recorded in the audit log. The values are hidden again when you close this dialog.</Alert>
            <ModalActions>
              <Button variant="primary" onClick={() => props.onClose()}>
                Done
              </Button>
            </ModalActions>
          </div>
        )}
      </Show>
    </Modal>
  );
}
