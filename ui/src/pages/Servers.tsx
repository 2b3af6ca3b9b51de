import { createResource, createSignal, onCleanup, Show } from "solid-js";
import Plus from "lucide-solid/icons/plus";
import { api, type ServerSummary } from "../api";
import { can } from "../lib/session";
import { toast } from "../lib/toast";
import { Async } from "../components/ui/Async";
import { Button } from "../components/ui/Button";
import { ConfirmDialog } from "../components/ui/ConfirmDialog";
import { Card, PageHeader } from "../components/ui/Page";
import { AddServerDialog } from "../components/servers/AddServerDialog";
import { ServersTable } from "../components/servers/ServersTable";

/** How often the list refreshes status and last-seen (live load comes over the WebSocket). */
const REFRESH_MS = 5000;

export default function Servers() {
  const [servers, { refetch }] = createResource(() => api.servers.list().then((r) => r.items));
  const [adding, setAdding] = createSignal(false);
  const [renew, setRenew] = createSignal<ServerSummary | null>(null);
  const [revokeTarget, setRevokeTarget] = createSignal<ServerSummary | null>(null);
  const timer = setInterval(() => void refetch(), REFRESH_MS);
  onCleanup(() => clearInterval(timer));

  return (
    <>
      <PageHeader
        title="Servers"
        description="This machine and the servers whose agents connect to this panel."
        actions={
          <Show when={can("admin")}>
            <Button variant="primary" onClick={() => setAdding(true)}>
              <Plus class="size-4" aria-hidden="true" /> Add server
            </Button>
          </Show>
        }
      />
      <Card bodyClass="overflow-x-auto">
        <Async of={servers} retry={refetch} loadingLabel="Loading servers…">
          {(list) => (
            <ServersTable servers={list} canManage={can("admin")} onRevoke={setRevokeTarget} onNewToken={setRenew} />
          )}
        </Async>
      </Card>

      <AddServerDialog
        open={adding() || renew() !== null}
        renew={renew()}
        onOpenChange={(o) => {
          if (!o) {
            setAdding(false);
            setRenew(null);
          }
        }}
        onAdded={() => void refetch()}
      />
      <ConfirmDialog
        open={!!revokeTarget()}
        onOpenChange={(o) => !o && setRevokeTarget(null)}
        title={`Revoke ${revokeTarget()?.name ?? ""}`}
        confirmLabel="Revoke server"
        typeToConfirm={revokeTarget()?.name}
        onConfirm={async () => {
          const s = revokeTarget();
          if (!s) return;
          await api.servers.revoke(s.id);
          await refetch();
          toast.success(`${s.name} revoked`, "Its agent was disconnected and its key no longer works.");
        }}
      >
        <Show when={revokeTarget()}>
          {(s) => (
            <p>
              The agent on <strong>{s().name}</strong> is disconnected now and its key is refused from then on. Its apps and
              containers keep running on that machine, but this panel can no longer manage them. To manage it again, add it
              as a new server. This can't be undone.
            </p>
          )}
        </Show>
      </ConfirmDialog>
    </>
  );
}
