import { createResource, createSignal, For, Show } from "solid-js";
import { useNavigate, useParams, useSearchParams } from "@solidjs/router";
import History from "lucide-solid/icons/clock";
import Pencil from "lucide-solid/icons/pencil";
import Plus from "lucide-solid/icons/plus";
import Trash2 from "lucide-solid/icons/trash";
import { api, type Environment, type SyncRun } from "../api";
import { useNow } from "../lib/now";
import { valueOf } from "../lib/resource";
import { can } from "../lib/session";
import { toast } from "../lib/toast";
import { DetailFrame } from "../components/layout/DetailFrame";
import { Async } from "../components/ui/Async";
import { Button } from "../components/ui/Button";
import { ConfirmDialog } from "../components/ui/ConfirmDialog";
import { EmptyState } from "../components/ui/EmptyState";
import { Card } from "../components/ui/Page";
import { ConfigBar } from "../components/projects/ConfigBar";
import { EnvironmentCard } from "../components/projects/EnvironmentCard";
import { EnvironmentDialog } from "../components/projects/EnvironmentDialog";
import { NewProjectDialog } from "../components/projects/NewProjectDialog";
import { RunDrawer } from "../components/projects/RunDrawer";
import { RunsTable } from "../components/projects/RunsTable";
import { SyncDialog } from "../components/projects/SyncDialog";
import { useSyncJobs } from "../components/projects/useSyncJobs";

/** /projects/:id — a project's environments side by side, its serverkit.yaml, syncs and their runs. */
export default function ProjectDetail() {
  const params = useParams<{ id: string }>();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams<{ run?: string }>();
  const id = () => Number(params.id);
  const [project, { refetch }] = createResource(id, (pid) => api.projects.get(pid).then((r) => r.project));
  const [runs, { refetch: refetchRuns }] = createResource(id, (pid) => api.projects.runs(pid).then((r) => r.items));
  const [schedule, { refetch: refetchSchedule }] = createResource(id, (pid) => api.projects.schedule(pid).then((r) => r.items, () => []));
  const now = useNow(30_000);
  const [editingEnv, setEditingEnv] = createSignal<Environment | null | undefined>(undefined);
  const [removingEnv, setRemovingEnv] = createSignal<Environment | null>(null);
  const [syncing, setSyncing] = createSignal<{ env: Environment; dryRun: boolean } | null>(null);
  const [editing, setEditing] = createSignal(false);
  const [deleting, setDeleting] = createSignal(false);
  const refreshRuns = () => {
    void refetchRuns();
    void refetchSchedule();
  };
  useSyncJobs(refreshRuns);
  const changed = () => {
    void refetch();
    refreshRuns();
  };
  const openRun = (r: SyncRun) => setSearch({ run: String(r.id) });
  const runId = () => (search.run && /^\d+$/.test(search.run) ? Number(search.run) : null);
  const lastRunOf = (envId: number) => (valueOf(runs) ?? []).find((r) => r.target.id === envId);

  return (
    <>
      <DetailFrame
        back="/projects"
        backLabel="Projects"
        of={project}
        retry={refetch}
        loadingLabel="Loading project…"
        goneTitle="This project doesn't exist (any more)"
        gone={<>It may have been deleted. Its apps and databases were left as they were.</>}
      >
        {(p) => {
          const locked = () => p().configSource !== "ui";
          return (
            <>
              <div class="mb-4 flex flex-wrap items-center gap-x-3 gap-y-2">
                <div class="min-w-0">
                  <h1 class="text-xl font-semibold tracking-tight" data-testid="project-title">{p().name}</h1>
                  <Show when={p().description}><p class="text-[13px] text-muted">{p().description}</p></Show>
                </div>
                <Show when={can("operator")}>
                  <div class="ml-auto flex flex-wrap items-center gap-2">
                    <Button variant="ghost" class="text-danger" onClick={() => setDeleting(true)}>
                      <Trash2 class="size-4" aria-hidden="true" /> Delete
                    </Button>
                    <Button onClick={() => setEditing(true)}>
                      <Pencil class="size-4" aria-hidden="true" /> Rename
                    </Button>
                    <Button variant="primary" disabled={locked()} title={locked() ? "serverkit.yaml wins: edit the file" : undefined} onClick={() => setEditingEnv(null)} data-testid="add-environment">
                      <Plus class="size-4" aria-hidden="true" /> Add environment
                    </Button>
                  </div>
                </Show>
              </div>
              <ConfigBar project={p()} onChanged={changed} />
              <Show
                when={p().environments.length > 0}
                fallback={
                  <Card class="mb-4">
                    <EmptyState title="No environments yet">
                      Add the app that runs production first, then the ones refreshed from it (staging, dev), each with its domain and sync rules. Or
                      upload a serverkit.yaml that lists them.
                    </EmptyState>
                  </Card>
                }
              >
                <div class="mb-4 grid items-stretch gap-4 md:grid-cols-2 xl:grid-cols-3" data-testid="environments">
                  <For each={[...p().environments].sort((a, b) => a.position - b.position || a.id - b.id)}>
                    {(env) => (
                      <EnvironmentCard
                        env={env}
                        lastRun={lastRunOf(env.id)}
                        next={(valueOf(schedule) ?? []).find((s) => s.environmentId === env.id)}
                        locked={locked()}
                        now={now()}
                        onEdit={() => setEditingEnv(env)}
                        onRemove={() => setRemovingEnv(env)}
                        onSync={(dryRun) => setSyncing({ env, dryRun })}
                        onOpenRun={openRun}
                      />
                    )}
                  </For>
                </div>
              </Show>
              <Card title="Sync runs" bodyClass="overflow-x-auto" id="sync-runs">
                <Async of={runs} retry={refetchRuns} loadingLabel="Loading runs…">
                  {(list) => (
                    <Show when={list.length > 0} fallback={<EmptyState icon={<History class="size-6" />} title="No syncs yet">Syncs and dry runs appear here with their logs and reports.</EmptyState>}>
                      <RunsTable runs={list} now={now()} onOpen={openRun} />
                    </Show>
                  )}
                </Async>
              </Card>
              <EnvironmentDialog open={editingEnv() !== undefined} onOpenChange={(o) => !o && setEditingEnv(undefined)} project={p()} env={editingEnv() ?? null} onSaved={changed} />
              <SyncDialog
                open={!!syncing()}
                onOpenChange={(o) => !o && setSyncing(null)}
                project={p()}
                target={syncing()?.env ?? null}
                dryRun={syncing()?.dryRun ?? false}
                onStarted={(run) => {
                  refreshRuns();
                  openRun(run);
                }}
              />
              <NewProjectDialog open={editing()} onOpenChange={setEditing} project={p()} onSaved={() => void refetch()} />
              <ConfirmDialog
                open={!!removingEnv()}
                onOpenChange={(o) => !o && setRemovingEnv(null)}
                title={`Remove environment ${removingEnv()?.name ?? ""}`}
                confirmLabel="Remove environment"
                onConfirm={async () => {
                  const env = removingEnv()!;
                  await api.projects.removeEnvironment(env.id);
                  toast.success(`Environment ${env.name} removed`, "Its app and database were left as they are.");
                  changed();
                }}
              >
                <p>
                  <strong>{removingEnv()?.name}</strong> leaves the project with its sync rules and schedule. Its app and database are not touched.
                </p>
              </ConfirmDialog>
              <ConfirmDialog
                open={deleting()}
                onOpenChange={setDeleting}
                title={`Delete project ${p().name}`}
                confirmLabel="Delete project"
                typeToConfirm={p().name}
                onConfirm={async () => {
                  await api.projects.remove(p().id);
                  toast.success(`Project ${p().name} deleted`);
                  navigate("/projects");
                }}
              >
                <p>
                  The project, its environments, sync rules, schedules and run history are removed. The apps and their databases stay as they are.
                </p>
              </ConfirmDialog>
            </>
          );
        }}
      </DetailFrame>
      <RunDrawer runId={runId()} onClose={() => setSearch({ run: undefined })} onChanged={refreshRuns} />
    </>
  );
}
