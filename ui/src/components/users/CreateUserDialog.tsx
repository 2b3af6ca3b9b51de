import { createEffect, createSignal } from "solid-js";
import { api, errorMessage, type Role, type User } from "../../api";
import { currentUser } from "../../lib/session";
import { toast } from "../../lib/toast";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Field } from "../ui/Field";
import { Modal, ModalActions } from "../ui/Modal";
import { SelectField } from "../ui/SelectField";
import { assignableRoles, ROLE_HELP, ROLE_LABEL } from "./permissions";

export function CreateUserDialog(props: { open: boolean; onOpenChange: (v: boolean) => void; onCreated: (u: User) => void }) {
  const [username, setUsername] = createSignal("");
  const [email, setEmail] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [role, setRole] = createSignal<Role>("viewer");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  createEffect(() => {
    if (props.open) {
      setUsername("");
      setEmail("");
      setPassword("");
      setRole("viewer");
      setError(null);
    }
  });

  const roles = () => assignableRoles(currentUser()).map((r) => ({ value: r, label: ROLE_LABEL[r] }));

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api.users.create({
        username: username().trim(),
        password: password(),
        email: email().trim() || undefined,
        role: role(),
      });
      toast.success(`User ${res.user.username} created`);
      props.onCreated(res.user);
      props.onOpenChange(false);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={props.open} onOpenChange={props.onOpenChange} title="Create user" description="They can sign in right away with this password and change it in Settings.">
      <form onSubmit={submit} class="space-y-4">
        <Field
          label="Username"
          autocomplete="off"
          autocapitalize="none"
          spellcheck={false}
          required
          pattern="[a-z0-9_.\-]{3,32}"
          hint="3–32 characters: lowercase letters, digits, . _ -"
          value={username()}
          onInput={(e) => setUsername(e.currentTarget.value.toLowerCase())}
        />
        <Field label="Email" type="email" autocomplete="off" value={email()} onInput={(e) => setEmail(e.currentTarget.value)} hint="Optional." />
        <Field
          label="Password"
          type="password"
          autocomplete="new-password"
          required
          minLength={10}
          hint="At least 10 characters."
          value={password()}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <div>
          <SelectField label="Role" options={roles()} value={role()} onChange={setRole} />
          <p class="mt-1 text-[12px] text-muted">{ROLE_HELP[role()]}</p>
        </div>
        <ErrorAlert message={error()} />
        <ModalActions>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={busy()}>
            Create user
          </Button>
        </ModalActions>
      </form>
    </Modal>
  );
}
