import { createEffect, createSignal, Show } from "solid-js";
import { api, errorMessage, type Role, type User } from "../../api";
import { currentUser } from "../../lib/session";
import { toast } from "../../lib/toast";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Modal, ModalActions } from "../ui/Modal";
import { SelectField } from "../ui/SelectField";
import { assignableRoles, ROLE_HELP, ROLE_LABEL } from "./permissions";

export function ChangeRoleDialog(props: { user: User | null; onClose: () => void; onSaved: (u: User) => void }) {
  const [role, setRole] = createSignal<Role>("viewer");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  createEffect(() => {
    if (props.user) {
      setRole(props.user.role);
      setError(null);
    }
  });

  const options = () => {
    const roles = assignableRoles(currentUser());
    const cur = props.user?.role;
    // Keep the current role visible even if we couldn't assign it ourselves.
    const all = cur && !roles.includes(cur) ? [cur, ...roles] : roles;
    return all.map((r) => ({ value: r, label: ROLE_LABEL[r], disabled: !roles.includes(r) }));
  };

  async function submit(e: Event) {
    e.preventDefault();
    const u = props.user;
    if (!u) return;
    setBusy(true);
    setError(null);
    try {
      const res = await api.users.update(u.id, { role: role() });
      toast.success(`${res.user.username} is now ${ROLE_LABEL[res.user.role].toLowerCase()}`);
      props.onSaved(res.user);
      props.onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={!!props.user} onOpenChange={(o) => !o && props.onClose()} title={`Change role of ${props.user?.username ?? ""}`} size="sm">
      <Show when={props.user}>
        <form onSubmit={submit} class="space-y-4">
          <div>
            <SelectField label="Role" options={options()} value={role()} onChange={setRole} />
            <p class="mt-1 text-[12px] text-muted">{ROLE_HELP[role()]}</p>
          </div>
          <ErrorAlert message={error()} />
          <ModalActions>
            <Button onClick={() => props.onClose()}>Cancel</Button>
            <Button type="submit" variant="primary" loading={busy()} disabled={role() === props.user?.role}>
              Save
            </Button>
          </ModalActions>
        </form>
      </Show>
    </Modal>
  );
}
