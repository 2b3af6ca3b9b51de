import { createEffect, createSignal, on, Show } from "solid-js";
import { api, errorMessage, type AppId } from "../../api";
import { Alert, ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { CopyButton } from "../ui/CopyButton";
import { Field } from "../ui/Field";
import { Modal, ModalActions } from "../ui/Modal";

/** Reset a WordPress administrator's password; the new one is shown here once and never stored in the panel. */
export function AdminPasswordDialog(props: { open: boolean; onOpenChange: (open: boolean) => void; appId: AppId }) {
  const [login, setLogin] = createSignal("");
  const [result, setResult] = createSignal<{ login: string; password: string } | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  createEffect(on(() => props.open, (open) => {
    if (!open) return;
    setLogin("");
    setResult(null);
    setError(null);
  }));

  async function submit(ev: Event) {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setResult(await api.wordpress.resetAdminPassword(props.appId, login().trim() || undefined));
    } catch (x) {
      setError(errorMessage(x));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={props.open} onOpenChange={props.onOpenChange} title="Reset admin password">
      <Show
        when={result()}
        fallback={
          <form onSubmit={submit} class="space-y-3">
            <p class="text-[13px]">A new random password replaces the administrator's current one; their sessions stay valid until they expire.</p>
            <Field label="Login" placeholder="the first administrator" hint="Empty: the first administrator account." autocomplete="off" spellcheck={false} value={login()} onInput={(e) => setLogin(e.currentTarget.value)} />
            <ErrorAlert message={error()} />
            <ModalActions>
              <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
              <Button type="submit" variant="danger" loading={busy()} data-testid="reset-admin-password">Reset password</Button>
            </ModalActions>
          </form>
        }
      >
        {(r) => (
          <div class="space-y-3">
            <Alert kind="warning" title="Shown once">Copy it now: the panel doesn't keep it and can't show it again.</Alert>
            <p class="text-[13px]">New password for <strong>{r().login}</strong>:</p>
            <div class="flex items-center gap-2">
              <code class="min-w-0 flex-1 rounded border border-line bg-surface-2 px-2 py-1.5 font-mono text-[13px] break-all select-all" data-testid="new-admin-password">{r().password}</code>
              <CopyButton text={r().password} what="Password" />
            </div>
            <ModalActions>
              <Button variant="primary" onClick={() => props.onOpenChange(false)}>Done</Button>
            </ModalActions>
          </div>
        )}
      </Show>
    </Modal>
  );
}
