import { createResource, createSignal, Show } from "solid-js";
import { DetailFrame } from "../components/layout/DetailFrame";
import { useNavigate, useParams } from "@solidjs/router";
import Trash2 from "lucide-solid/icons/trash";
import { api } from "../api";
import { can } from "../lib/session";
import { toast } from "../lib/toast";
import { Button } from "../components/ui/Button";
import { ConfirmDialog } from "../components/ui/ConfirmDialog";
import { DatabasesCard } from "../components/databases/DatabasesCard";
import { DbServerSummary } from "../components/databases/DbServerSummary";
import { EngineLabel, KindBadge } from "../components/databases/engine";
import { UsersCard } from "../components/databases/UsersCard";

/** /databases/:id — one database server: its databases and users; admins can forget it. */
export default function DatabaseServer() {
  const params = useParams<{ id: string }>();
  const navigate = useNavigate();
  const [server, { refetch }] = createResource(() => Number(params.id), (id) => api.databases.server(id).then((r) => r.databaseServer));
  // Names for the "linked apps" column (ids are all the database list carries).
  const [apps] = createResource(() => server.state === "ready" && server().serverId, (s) => api.apps.list(s).then((r) => r.items));
  const appName = (id: number) => (apps.state === "ready" ? apps().find((a) => Number(a.id) === id)?.name : undefined) ?? `App #${id}`;
  const [forgetting, setForgetting] = createSignal(false);

  return (
    <>
      <DetailFrame
        back="/databases"
        backLabel="Databases"
        of={server}
        retry={refetch}
        loadingLabel="Loading database server…"
        goneTitle="This database server isn't registered (any more)"
        gone={<>It may have been forgotten by an admin. Nothing on the server itself was dropped.</>}
      >
        {(s) => (
          <>
            <div class="mb-4 flex flex-wrap items-center gap-x-3 gap-y-2">
              <h1 class="text-xl font-semibold tracking-tight">{s().name}</h1>
              <EngineLabel engine={s().engine} class="text-[13px]" />
              <KindBadge kind={s().kind} />
              <Show when={can("admin")}>
                <Button variant="ghost" class="ml-auto text-danger" onClick={() => setForgetting(true)} data-testid="forget-db-server">
                  <Trash2 class="size-4" aria-hidden="true" /> Forget server
                </Button>
              </Show>
            </div>
            <div class="grid items-start gap-4 lg:grid-cols-[2fr_1fr]">
              <div class="min-w-0 space-y-4">
                <DatabasesCard server={s()} appName={appName} />
                <UsersCard server={s()} />
              </div>
              <DbServerSummary server={s()} />
            </div>
            <ConfirmDialog
              open={forgetting()}
              onOpenChange={setForgetting}
              title={`Forget ${s().name}`}
              confirmLabel="Forget server"
              typeToConfirm={s().name}
              onConfirm={async () => {
                await api.databases.forget(s().id);
                toast.success(`${s().name} forgotten`, "Its databases and users are untouched on the server.");
                navigate("/databases");
              }}
            >
              <p>
                ServerKit stops managing <strong>{s().name}</strong> ({s().host}:{s().port}) and forgets its admin password and the passwords of
                the users it created. Nothing is dropped: databases, data and users stay on the server. Refused while apps link its databases.
              </p>
            </ConfirmDialog>
          </>
        )}
      </DetailFrame>
    </>
  );
}
