import { createResource, createSignal, For, Show } from "solid-js";
import KeyRound from "lucide-solid/icons/key-round";
import Plus from "lucide-solid/icons/plus";
import Trash2 from "lucide-solid/icons/trash";
import UserRound from "lucide-solid/icons/user-round";
import { api, type DatabaseServer, type DatabaseUser } from "../../api";
import { formatDateTime, formatRelative } from "../../lib/format";
import { can } from "../../lib/session";
import { toast } from "../../lib/toast";
import { Async } from "../ui/Async";
import { Badge } from "../ui/Badge";
import { Button } from "../ui/Button";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { EmptyState } from "../ui/EmptyState";
import { Card, tableClass, tdClass, thClass } from "../ui/Page";
import { CredentialsDialog } from "./CredentialsDialog";
import { NewDbUserDialog } from "./NewDbUserDialog";

/** Users the panel created on the server: grants, reveal credentials, create and drop (operators). */
export function UsersCard(props: { server: DatabaseServer }) {
  const [users, { refetch, mutate }] = createResource(() => props.server.id, (id) => api.databases.users(id).then((r) => r.items));
  const [creating, setCreating] = createSignal(false);
  const [revealing, setRevealing] = createSignal<DatabaseUser | null>(null);
  const [dropping, setDropping] = createSignal<DatabaseUser | null>(null);
  const manage = () => can("operator");

  const newButton = () => (
    <Show when={manage()}>
      <Button size="sm" onClick={() => setCreating(true)} data-testid="new-db-user">
        <Plus class="size-4" aria-hidden="true" /> New user
      </Button>
    </Show>
  );

  return (
    <Card title="Users" id="db-users" actions={newButton()} bodyClass="overflow-x-auto">
      <Async of={users} retry={refetch} loadingLabel="Loading users…">
        {(list) => (
          <Show
            when={list.length > 0}
            fallback={
              <EmptyState icon={<UserRound class="size-6" />} title="No users created by ServerKit on this server">
                Linking a database into an app creates a user for it; you can also create one here for a tool or a person.
              </EmptyState>
            }
          >
            <table class={tableClass}>
              <thead>
                <tr>
                  <th scope="col" class={thClass}>User</th>
                  <th scope="col" class={thClass}>Grants</th>
                  <th scope="col" class={`${thClass} hidden md:table-cell`}>Created</th>
                  <th scope="col" class={thClass}><span class="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                <For each={list}>
                  {(u) => (
                    <tr class="hover:bg-surface-2/60" data-testid="db-user-row" data-name={u.username}>
                      <td class={`${tdClass} whitespace-nowrap font-mono font-medium`}>{u.username}</td>
                      <td class={tdClass}>
                        <Show when={u.grants.length > 0} fallback={<span class="text-muted">none</span>}>
                          <span class="flex flex-wrap gap-1">
                            <For each={u.grants}>{(g) => <Badge class="font-mono">{g}</Badge>}</For>
                          </span>
                        </Show>
                      </td>
                      <td class={`${tdClass} hidden whitespace-nowrap text-muted md:table-cell`} title={formatDateTime(u.createdAt)}>
                        {formatRelative(u.createdAt)}
                      </td>
                      <td class={`${tdClass} whitespace-nowrap text-right`}>
                        <Show when={manage()}>
                          <Button size="sm" variant="ghost" onClick={() => setRevealing(u)} aria-label={`Credentials of ${u.username}`} data-testid="db-user-credentials">
                            <KeyRound class="size-4" aria-hidden="true" /> <span class="hidden sm:inline">Credentials</span>
                          </Button>
                          <Button size="sm" variant="ghost" class="text-danger" onClick={() => setDropping(u)} aria-label={`Drop user ${u.username}`} data-testid="drop-db-user">
                            <Trash2 class="size-4" aria-hidden="true" /> <span class="hidden sm:inline">Drop</span>
                          </Button>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        )}
      </Async>
      <NewDbUserDialog server={props.server} open={creating()} onOpenChange={setCreating} onCreated={(u) => mutate((l) => [...(l ?? []), u])} />
      <CredentialsDialog user={revealing()} onClose={() => setRevealing(null)} />
      <ConfirmDialog
        open={!!dropping()}
        onOpenChange={(o) => !o && setDropping(null)}
        title={`Drop user ${dropping()?.username ?? ""}`}
        confirmLabel="Drop user"
        onConfirm={async () => {
          const u = dropping();
          if (!u) return;
          await api.databases.dropUser(u.id);
          mutate((l) => (l ?? []).filter((x) => x.id !== u.id));
          toast.success(`User ${u.username} dropped`);
        }}
      >
        <p>
          <strong class="font-mono">{dropping()?.username}</strong> can no longer sign in to {props.server.name}; anything connecting with it stops
          working. Databases and their data stay.
        </p>
      </ConfirmDialog>
    </Card>
  );
}
