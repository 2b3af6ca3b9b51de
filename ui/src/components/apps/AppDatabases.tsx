import { createResource, createSignal, For, Show } from "solid-js";
import { A } from "@solidjs/router";
import Database from "lucide-solid/icons/database";
import Plus from "lucide-solid/icons/plus";
import Unlink from "lucide-solid/icons/unlink";
import { api, type App, type AppDatabaseLink, type Job } from "../../api";
import { can } from "../../lib/session";
import { toast } from "../../lib/toast";
import { Async } from "../ui/Async";
import { Badge } from "../ui/Badge";
import { Button } from "../ui/Button";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { EmptyState } from "../ui/EmptyState";
import { Card, tableClass, tdClass, thClass } from "../ui/Page";
import { EngineLabel } from "../databases/engine";
import { useOpenJob } from "../jobs/openJob";
import { useJobWatch } from "../jobs/useJobWatch";
import { LinkDatabaseDialog } from "./LinkDatabaseDialog";

/** Databases linked into the app and the variables they set; operators link and unlink (each redeploys). */
export function AppDatabases(props: { app: App }) {
  const [links, { refetch, mutate }] = createResource(() => props.app.id, (id) => api.databases.links(id).then((r) => r.items));
  const [linking, setLinking] = createSignal(false);
  const [unlinking, setUnlinking] = createSignal<AppDatabaseLink | null>(null);
  const openJob = useOpenJob();
  const watch = useJobWatch();
  const manage = () => can("operator");

  /** Follow the redeploy in the drawer (like other app jobs) and reload the links when it ends. */
  const follow = (job: Job, done: string) => {
    void refetch();
    openJob(job.id);
    watch(job.id, (j) => {
      void refetch();
      if (j.status === "succeeded") toast.success(done, `${props.app.name} was redeployed.`);
      else toast.error("The redeploy didn't succeed", j.error ?? "Open the job for its log.");
    });
  };

  const linkButton = () => (
    <Show when={manage()}>
      <Button variant="primary" size="sm" onClick={() => setLinking(true)} data-testid="link-database">
        <Plus class="size-4" aria-hidden="true" /> Link database
      </Button>
    </Show>
  );

  return (
    <Card title="Databases" id="app-databases" actions={linkButton()} bodyClass="overflow-x-auto">
      <Async of={links} retry={refetch} loadingLabel="Loading linked databases…">
        {(list) => (
          <Show
            when={list.length > 0}
            fallback={
              <EmptyState icon={<Database class="size-6" />} title="No database linked — give this app a MariaDB or PostgreSQL database">
                Linking creates a database and a user of its own on a registered server and passes them in as DB_HOST, DB_PORT, DB_NAME, DB_USER,
                DB_PASSWORD and DATABASE_URL.
              </EmptyState>
            }
          >
            <table class={tableClass}>
              <thead>
                <tr>
                  <th scope="col" class={thClass}>Database</th>
                  <th scope="col" class={thClass}>Server</th>
                  <th scope="col" class={`${thClass} hidden sm:table-cell`}>User</th>
                  <th scope="col" class={`${thClass} hidden md:table-cell`}>Variables</th>
                  <th scope="col" class={thClass}><span class="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                <For each={list}>
                  {(l) => (
                    <tr class="hover:bg-surface-2/60" data-testid="app-db-link-row" data-name={l.database} data-prefix={l.prefix}>
                      <td class={`${tdClass} font-mono font-medium [overflow-wrap:anywhere]`}>{l.database}</td>
                      <td class={tdClass}>
                        <Show when={l.databaseServer} fallback={<span class="text-muted">unknown</span>}>
                          {(s) => (
                            <span class="flex flex-wrap items-center gap-x-2 gap-y-0.5">
                              <A href={`/databases/${encodeURIComponent(s().id)}`} class="text-accent hover:underline">{s().name}</A>
                              <EngineLabel engine={s().engine} class="text-[12px] text-muted" />
                            </span>
                          )}
                        </Show>
                      </td>
                      <td class={`${tdClass} hidden font-mono sm:table-cell`}>{l.username}</td>
                      <td class={`${tdClass} hidden md:table-cell`}>
                        <span class="flex flex-wrap gap-1">
                          <For each={l.envKeys}>{(k) => <Badge class="font-mono">{k}</Badge>}</For>
                        </span>
                      </td>
                      <td class={`${tdClass} whitespace-nowrap text-right`}>
                        <Show when={manage()}>
                          <Button size="sm" variant="ghost" class="text-danger" onClick={() => setUnlinking(l)} aria-label={`Unlink ${l.database}`} data-testid="unlink-database">
                            <Unlink class="size-4" aria-hidden="true" /> Unlink
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
      <LinkDatabaseDialog app={props.app} open={linking()} onOpenChange={setLinking} onLinked={(job) => follow(job, "Database linked")} />
      <ConfirmDialog
        open={!!unlinking()}
        onOpenChange={(o) => !o && setUnlinking(null)}
        title={`Unlink ${unlinking()?.database ?? "database"}`}
        confirmLabel="Unlink and redeploy"
        onConfirm={async () => {
          const l = unlinking();
          if (!l) return;
          const { job } = await api.databases.unlink(props.app.id, l.id);
          mutate((x) => (x ?? []).filter((y) => y.id !== l.id));
          follow(job, `${l.database} unlinked`);
        }}
      >
        <div class="space-y-2">
          <p>
            {unlinking()?.envKeys.join(", ")} are removed from {props.app.name}'s environment, the app is redeployed, and the user{" "}
            <strong class="font-mono">{unlinking()?.username}</strong> is dropped.
          </p>
          <p class="text-muted">The database {unlinking()?.database} and its data stay on the server; drop it from the Databases page if you no longer need it.</p>
        </div>
      </ConfirmDialog>
    </Card>
  );
}
