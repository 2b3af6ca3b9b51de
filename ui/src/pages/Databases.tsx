import { createResource, createSignal, For, Show } from "solid-js";
import Database from "lucide-solid/icons/database";
import Plus from "lucide-solid/icons/plus";
import ScanSearch from "lucide-solid/icons/scan-search";
import Container from "lucide-solid/icons/container";
import { api, errorMessage, type DatabaseServer } from "../api";
import { can } from "../lib/session";
import { stableList } from "../lib/stable";
import { toast } from "../lib/toast";
import { ErrorAlert } from "../components/ui/Alert";
import { AsyncLive } from "../components/ui/AsyncLive";
import { Button } from "../components/ui/Button";
import { EmptyState } from "../components/ui/EmptyState";
import { Card, PageHeader } from "../components/ui/Page";
import { AddDbServerDialog } from "../components/databases/AddDbServerDialog";
import { RunContainerDialog } from "../components/databases/RunContainerDialog";
import { DbServerCard } from "../components/databases/DbServerCard";

/** /databases — registered MariaDB/PostgreSQL servers; admins add or discover them. */
export default function Databases() {
  const [servers, { refetch, mutate }] = createResource<DatabaseServer[]>((_, info) =>
    api.databases.servers().then((r) => stableList(info.value, r.items, (s) => String(s.id))),
  );
  const [adding, setAdding] = createSignal(false);
  const [running, setRunning] = createSignal(false);
  const [discovering, setDiscovering] = createSignal(false);
  const [discoverError, setDiscoverError] = createSignal<string | null>(null);
  const admin = () => can("admin");

  async function discover() {
    setDiscovering(true);
    setDiscoverError(null);
    try {
      const { items } = await api.databases.discover();
      if (items.length === 0) toast.success("Nothing new found", "No unregistered MariaDB or PostgreSQL server answers on this host.");
      else toast.success(`Found ${items.length} server${items.length === 1 ? "" : "s"}`, items.map((s) => s.name).join(", "));
      await refetch();
    } catch (x) {
      setDiscoverError(errorMessage(x));
    } finally {
      setDiscovering(false);
    }
  }

  const Actions = () => (
    <Show when={admin()}>
      <Button onClick={() => void discover()} loading={discovering()} data-testid="discover-db-servers">
        <Show when={!discovering()}><ScanSearch class="size-4" aria-hidden="true" /></Show> Find on this host
      </Button>
      <Button onClick={() => setRunning(true)} data-testid="run-db-container">
        <Container class="size-4" aria-hidden="true" /> Run in a container
      </Button>
      <Button variant="primary" onClick={() => setAdding(true)} data-testid="add-db-server">
        <Plus class="size-4" aria-hidden="true" /> Add server
      </Button>
    </Show>
  );

  return (
    <>
      <PageHeader title="Databases" description="MariaDB, MySQL and PostgreSQL servers (on the host or in containers), Redis and MongoDB in containers, and the apps that use them." actions={<Actions />} />
      <ErrorAlert message={discoverError()} class="mb-3" />
      <AsyncLive of={servers} retry={refetch} loadingLabel="Loading database servers…">
        {(items) => (
          <Show
            when={items().length > 0}
            fallback={
              <Card>
                <EmptyState
                  icon={<Database class="size-6" />}
                  title="No database servers yet"
                  action={<Show when={admin()} fallback={<p class="text-[13px] text-muted">Ask an admin to add one.</p>}><div class="flex flex-wrap justify-center gap-2"><Actions /></div></Show>}
                >
                  ServerKit creates databases and users on MariaDB or PostgreSQL servers you register, and links them into apps as environment
                  variables. Find the ones installed on this host, or add a server by its admin account.
                </EmptyState>
              </Card>
            }
          >
            <div class="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
              <For each={items()}>{(s) => <DbServerCard server={s} />}</For>
            </div>
          </Show>
        )}
      </AsyncLive>
      <AddDbServerDialog open={adding()} onOpenChange={setAdding} onAdded={(s) => mutate((l) => [...(l ?? []), s])} />
      <RunContainerDialog open={running()} onOpenChange={setRunning} onAdded={() => void refetch()} />
    </>
  );
}
