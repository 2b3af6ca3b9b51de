import { createResource, createSignal, For, Show } from "solid-js";
import KeyRound from "lucide-solid/icons/key-round";
import Plus from "lucide-solid/icons/plus";
import { api, type ApiToken } from "../../api";
import { formatDateTime, formatRelative } from "../../lib/format";
import { toast } from "../../lib/toast";
import { Async } from "../ui/Async";
import { Badge } from "../ui/Badge";
import { Button } from "../ui/Button";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { EmptyState } from "../ui/EmptyState";
import { Card, tableClass, tdClass, thClass } from "../ui/Page";
import { CreateTokenDialog } from "./CreateTokenDialog";

const expired = (t: ApiToken) => !!t.expiresAt && new Date(t.expiresAt).getTime() < Date.now();

export function TokensCard() {
  const [tokens, { refetch, mutate }] = createResource(() => api.tokens.list().then((r) => r.items));
  const [creating, setCreating] = createSignal(false);
  const [revoking, setRevoking] = createSignal<ApiToken | null>(null);

  const createButton = (
    <Button variant="primary" size="sm" onClick={() => setCreating(true)}>
      <Plus class="size-3.5" aria-hidden="true" /> Create token
    </Button>
  );

  return (
    <Card title="API tokens" id="tokens" bodyClass="overflow-x-auto" actions={createButton}>
      <Async of={tokens} retry={refetch} loadingLabel="Loading tokens…">
        {(list) => (
          <Show
            when={list.length > 0}
            fallback={
              <EmptyState icon={<KeyRound class="size-6" />} title="No API tokens">
                Tokens let scripts and CI call the ServerKit API as you. Read-only tokens can't change anything.
              </EmptyState>
            }
          >
            <table class={tableClass}>
              <thead>
                <tr>
                  <th scope="col" class={thClass}>Name</th>
                  <th scope="col" class={thClass}>Scope</th>
                  <th scope="col" class={`${thClass} hidden sm:table-cell`}>Token</th>
                  <th scope="col" class={`${thClass} hidden md:table-cell`}>Created</th>
                  <th scope="col" class={thClass}>Expires</th>
                  <th scope="col" class={`${thClass} hidden md:table-cell`}>Last used</th>
                  <th scope="col" class={thClass}><span class="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                <For each={list}>
                  {(t) => (
                    <tr>
                      <td class={`${tdClass} font-medium`}>{t.name}</td>
                      <td class={tdClass}>
                        <Badge tone={t.scope === "write" ? "warning" : "neutral"}>{t.scope === "write" ? "Read & write" : "Read only"}</Badge>
                      </td>
                      <td class={`${tdClass} hidden font-mono text-[12px] text-muted sm:table-cell`}>{t.prefix}…</td>
                      <td class={`${tdClass} hidden text-muted md:table-cell`} title={formatDateTime(t.createdAt)}>{formatRelative(t.createdAt)}</td>
                      <td class={tdClass} title={formatDateTime(t.expiresAt)}>
                        {t.expiresAt ? (expired(t) ? <Badge tone="danger">Expired</Badge> : formatRelative(t.expiresAt)) : "Never"}
                      </td>
                      <td class={`${tdClass} hidden text-muted md:table-cell`}>{t.lastUsedAt ? formatRelative(t.lastUsedAt) : "Never"}</td>
                      <td class={`${tdClass} text-right`}>
                        <Button size="sm" variant="ghost" class="text-danger" onClick={() => setRevoking(t)} aria-label={`Revoke token ${t.name}`}>
                          Revoke
                        </Button>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        )}
      </Async>
      <CreateTokenDialog open={creating()} onOpenChange={setCreating} onCreated={(t) => mutate((l) => [t, ...(l ?? [])])} />
      <ConfirmDialog
        open={!!revoking()}
        onOpenChange={(o) => !o && setRevoking(null)}
        title={`Revoke token ${revoking()?.name ?? ""}`}
        confirmLabel="Revoke token"
        onConfirm={async () => {
          const t = revoking();
          if (!t) return;
          await api.tokens.revoke(t.id);
          mutate((l) => (l ?? []).filter((x) => x.id !== t.id));
          toast.success(`Token ${t.name} revoked`);
        }}
      >
        <p>Anything using this token stops working immediately. This can't be undone.</p>
      </ConfirmDialog>
    </Card>
  );
}
