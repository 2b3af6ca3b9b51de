import { createEffect, createSignal } from "solid-js";
import { api, errorMessage } from "../../api";
import { currentUser, updateCurrentUser } from "../../lib/session";
import { toast } from "../../lib/toast";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Field } from "../ui/Field";
import { Modal, ModalActions } from "../ui/Modal";

export function DisableTwoFactorDialog(props: { open: boolean; onOpenChange: (v: boolean) => void }) {
  const [password, setPassword] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  createEffect(() => {
    if (props.open) {
      setPassword("");
      setError(null);
    }
  });

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.auth.disableTotp(password());
      const u = currentUser();
      if (u) updateCurrentUser({ ...u, totpEnabled: false });
      toast.success("Two-factor authentication is off");
      props.onOpenChange(false);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={props.open}
      onOpenChange={props.onOpenChange}
      title="Disable two-factor authentication"
      description="Your account will be protected by your password only, and your recovery codes stop working."
      size="sm"
    >
      <form onSubmit={submit} class="space-y-4">
        <Field
          label="Password"
          type="password"
          autocomplete="current-password"
          required
          value={password()}
          onInput={(e) => setPassword(e.currentTarget.value)}
          hint="Confirm with your current password."
        />
        <ErrorAlert message={error()} />
        <ModalActions>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="danger" loading={busy()} disabled={!password()}>
            Disable
          </Button>
        </ModalActions>
      </form>
    </Modal>
  );
}
