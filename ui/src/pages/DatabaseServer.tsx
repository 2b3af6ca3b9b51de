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
import { Card } from "../components/ui/Page";

/** /databases/:id — one database server: its databases and users; admins can forget it. */
export default function DatabaseServer() {
  const params = useParams<{ id: string }>();
  const navigate = useNavigate();
  const [server, { refetch }] = createResource(() => Number(params.id), (id) => api.databases.server(id).then((r) => r.databaseServer));
  // Names for the "linked apps" column (ids are all the database list carries).
  const [apps] = createResource(() => server.state === "ready" && server().serverId, (s) => api.apps.list(s).then((r) => r.items));
  const appName = (id: number) => (apps.state === "ready" ? apps().find((a) => Number(a.id) === id)?.name : undefined) ?? `App #${id}`;
  const [forgetting, setForgetting] = createSignal(false);
  const [removing, setRemoving] = createSignal(false);
  // What the engine offers decides which cards appear (Redis/MongoDB: no databases or users).
  const [engines] = createResource(() => api.databases.engines().then((r) => r.items));
  const caps = (e: string) => engines()?.find((x) => x.id === e)?.capabilities ?? { databases: true, users: true, host: true };

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
                <div class="ml-auto flex gap-2">
                  <Show when={s().kind === "container" && s().appId}>
                    <Button variant="ghost" class="text-danger" onClick={() => setRemoving(true)} data-testid="remove-db-container">
                      <Trash2 class="size-4" aria-hidden="true" /> Remove with its data
                    </Button>
                  </Show>
                  <Button variant="ghost" class="text-danger" onClick={() => setForgetting(true)} data-testid="forget-db-server">
                    <Trash2 class="size-4" aria-hidden="true" /> Forget server
                  </Button>
                </div>
              </Show>
            </div>
            <div class="grid items-start gap-4 lg:grid-cols-[2fr_1fr]">
              <div class="min-w-0 space-y-4">
                <Show
                  when={caps(s().engine).databases || caps(s().engine).users}
                  fallback={
                    <Card title="Data" id="db-server-whole">
                      <p class="text-[13px] text-muted" data-testid="db-server-whole-note">
                        This engine has no databases or users to manage here. Back up the whole server with a backup plan of scope
                        "database" (name "all"); link it into apps to give them its connection URL.
                      </p>
                    </Card>
                  }
                >
                  <Show when={caps(s().engine).databases}><DatabasesCard server={s()} appName={appName} /></Show>
                  <Show when={caps(s().engine).users}><UsersCard server={s()} /></Show>
                </Show>
              </div>
              <DbServerSummary server={s()} />
            </div>
            <ConfirmDialog
              open={removing()}
              onOpenChange={setRemoving}
              title={`Remove ${s().name} and its data`}
              confirmLabel="Remove server and data"
              typeToConfirm={s().name}
              onConfirm={async () => {
                await api.databases.removeContainer(s().id, s().name);
                toast.success(`${s().name} is being removed`, "Its container and its data volume are removed by a job.");
                navigate("/databases");
              }}
            >
              <p>
                ServerKit forgets <strong>{s().name}</strong> and removes the app that runs it, <strong>with its data volume</strong>. Every
                database and key on it is gone for good, except what backups hold. Refused while apps link it.
              </p>
            </ConfirmDialog>
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
