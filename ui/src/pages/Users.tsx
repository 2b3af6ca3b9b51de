import { createResource, createSignal, Show } from "solid-js";
import Plus from "lucide-solid/icons/plus";
import { api, errorMessage, type User } from "../api";
import { toast } from "../lib/toast";
import { Async } from "../components/ui/Async";
import { ErrorAlert } from "../components/ui/Alert";
import { Button } from "../components/ui/Button";
import { ConfirmDialog } from "../components/ui/ConfirmDialog";
import { Card, PageHeader } from "../components/ui/Page";
import { UsersTable } from "../components/users/UsersTable";
import { CreateUserDialog } from "../components/users/CreateUserDialog";
import { ChangeRoleDialog } from "../components/users/ChangeRoleDialog";

export default function Users() {
  const [users, { refetch, mutate }] = createResource(() => api.users.list().then((r) => r.items));
  const [creating, setCreating] = createSignal(false);
  const [roleTarget, setRoleTarget] = createSignal<User | null>(null);
  const [deleteTarget, setDeleteTarget] = createSignal<User | null>(null);
  const [actionError, setActionError] = createSignal<string | null>(null);

  const replace = (u: User) => mutate((list) => (list ?? []).map((x) => (x.id === u.id ? u : x)));

  async function toggleDisabled(u: User) {
    setActionError(null);
    try {
      const res = await api.users.update(u.id, { disabled: !u.disabled });
      replace(res.user);
      toast.success(res.user.disabled ? `${u.username} disabled` : `${u.username} enabled`, res.user.disabled ? "They can no longer sign in." : undefined);
    } catch (e) {
      setActionError(`Couldn't ${u.disabled ? "enable" : "disable"} ${u.username}: ${errorMessage(e)}`);
    }
  }

  return (
    <>
      <PageHeader
        title="Users"
        description="People who can sign in to this ServerKit, and what they may do."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            <Plus class="size-4" aria-hidden="true" /> Create user
          </Button>
        }
      />
      <ErrorAlert message={actionError()} class="mb-3" />
      <Card bodyClass="overflow-x-auto">
        <Async of={users} retry={refetch} loadingLabel="Loading users…">
          {(list) => (
            <UsersTable
              users={list}
              onChangeRole={(u) => {
                setActionError(null);
                setRoleTarget(u);
              }}
              onToggleDisabled={(u) => void toggleDisabled(u)}
              onDelete={(u) => {
                setActionError(null);
                setDeleteTarget(u);
              }}
            />
          )}
        </Async>
      </Card>

      <CreateUserDialog open={creating()} onOpenChange={setCreating} onCreated={(u) => mutate((l) => [...(l ?? []), u])} />
      <ChangeRoleDialog user={roleTarget()} onClose={() => setRoleTarget(null)} onSaved={replace} />
      <ConfirmDialog
        open={!!deleteTarget()}
        onOpenChange={(o) => !o && setDeleteTarget(null)}
        title={`Delete user ${deleteTarget()?.username ?? ""}`}
        confirmLabel="Delete user"
        typeToConfirm={deleteTarget()?.username}
        onConfirm={async () => {
          const u = deleteTarget();
          if (!u) return;
          await api.users.remove(u.id);
          mutate((l) => (l ?? []).filter((x) => x.id !== u.id));
          toast.success(`User ${u.username} deleted`);
        }}
      >
        <Show when={deleteTarget()}>
          {(u) => (
            <p>
              <strong>{u().username}</strong> will lose access to ServerKit and their account is removed. Past audit
              entries are kept. This can't be undone.
            </p>
          )}
        </Show>
      </ConfirmDialog>
    </>
  );
}
