import { createResource, createSignal, For, Show } from "solid-js";
import Database from "lucide-solid/icons/database";
import Plus from "lucide-solid/icons/plus";
import { api, type DatabaseInfo, type DatabaseServer } from "../../api";
import { can } from "../../lib/session";
import { createSort } from "../../lib/sort";
import { stableList } from "../../lib/stable";
import { Async } from "../ui/Async";
import { Button } from "../ui/Button";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { EmptyState } from "../ui/EmptyState";
import { Card } from "../ui/Page";
import { DatabasesTable, type DbSortKey } from "./DatabasesTable";
import { DropJobPanel } from "./DropJobPanel";
import { NewDatabaseDialog } from "./NewDatabaseDialog";

/** The server's databases; operators create and drop them (a drop is a job: safety dump first). */
export function DatabasesCard(props: { server: DatabaseServer; appName: (id: number) => string; onChanged?: () => void }) {
  const [dbs, { refetch }] = createResource<DatabaseInfo[], number>(() => props.server.id, (id, info) =>
    api.databases.list(id).then((r) => stableList(info.value, r.items, (d) => d.name)),
  );
  const [creating, setCreating] = createSignal(false);
  const [asking, setAsking] = createSignal<DatabaseInfo | null>(null);
  // Drop jobs followed on this page (kept as stable objects: <For> re-creates a panel for a new object).
  const [jobs, setJobs] = createSignal<{ id: string; name: string }[]>([]);
  const [finished, setFinished] = createSignal<ReadonlySet<string>>(new Set());
  const manage = () => can("operator");
  const sort = createSort<DatabaseInfo, DbSortKey>({ name: (d) => d.name, size: (d) => d.sizeBytes, tables: (d) => d.tables }, "name");
  const changed = () => {
    void refetch();
    props.onChanged?.();
  };

  const newButton = () => (
    <Show when={manage()}>
      <Button size="sm" variant="primary" onClick={() => setCreating(true)} data-testid="new-database">
        <Plus class="size-4" aria-hidden="true" /> New database
      </Button>
    </Show>
  );

  return (
    <>
      <For each={jobs()}>
        {(j) => (
          <DropJobPanel
            jobId={j.id}
            name={j.name}
            onFinished={() => {
              setFinished((f) => new Set(f).add(j.id));
              changed();
            }}
            onDismiss={() => setJobs((l) => l.filter((x) => x.id !== j.id))}
          />
        )}
      </For>
      <Card title="Databases" id="databases" actions={newButton()} bodyClass="overflow-x-auto">
        <Async of={dbs} retry={refetch} loadingLabel="Loading databases…">
          {(items) => (
            <Show
              when={items.length > 0}
              fallback={
                <EmptyState icon={<Database class="size-6" />} title="No databases on this server yet">
                  Create one here, or link one into an app from the app's Databases tab: the app gets its own database, user and variables.
                </EmptyState>
              }
            >
              <DatabasesTable
                serverId={props.server.id}
                onImported={changed}
                items={sort.sorted(items)}
                sort={sort}
                appName={props.appName}
                canDrop={manage()}
                dropping={(name) => jobs().some((j) => j.name === name && !finished().has(j.id))}
                onDrop={setAsking}
              />
            </Show>
          )}
        </Async>
      </Card>
      <NewDatabaseDialog server={props.server} open={creating()} onOpenChange={setCreating} onCreated={changed} />
      <ConfirmDialog
        open={!!asking()}
        onOpenChange={(o) => !o && setAsking(null)}
        title={`Drop ${asking()?.name ?? "database"}`}
        confirmLabel="Drop database"
        typeToConfirm={asking()?.name}
        onConfirm={async () => {
          const d = asking();
          if (!d) return;
          const { job } = await api.databases.drop(props.server.id, d.name);
          setJobs((l) => [{ id: job.id, name: d.name }, ...l.filter((x) => x.name !== d.name)]);
        }}
      >
        <div class="space-y-2">
          <p>
            The database <strong class="font-mono">{asking()?.name}</strong> on {props.server.name} is dropped with its{" "}
            {asking()?.tables ?? 0} table{asking()?.tables === 1 ? "" : "s"} and all their data.
          </p>
          <p class="text-muted">
            A safety dump is taken first and kept on the panel's server; if the dump fails, nothing is dropped. You can follow the job here.
          </p>
        </div>
      </ConfirmDialog>
    </>
  );
}
