import { createEffect, createSignal, Match, on, onCleanup, Show, Switch } from "solid-js";
import ListChecks from "lucide-solid/icons/list-checks";
import RefreshCw from "lucide-solid/icons/refresh-cw";
import { api, errorMessage, JOB_STATUSES, type Job, type JobCursor, type JobStatus } from "../api";
import { subscribe } from "../api/ws";
import { useNow } from "../lib/now";
import { ErrorAlert } from "../components/ui/Alert";
import { Button } from "../components/ui/Button";
import { EmptyState } from "../components/ui/EmptyState";
import { Loading } from "../components/ui/Loading";
import { Card, PageHeader } from "../components/ui/Page";
import { SelectField } from "../components/ui/SelectField";
import { JobsTable } from "../components/jobs/JobsTable";
import { jobStatusLabel } from "../components/jobs/JobStatusBadge";
import { useOpenJob } from "../components/jobs/openJob";

const PAGE = 50;
type Filter = JobStatus | "all";

export default function Jobs() {
  const openJob = useOpenJob();
  const now = useNow(5000);
  const [filter, setFilter] = createSignal<Filter>("all");
  const [jobs, setJobs] = createSignal<Job[]>([]);
  const [cursor, setCursor] = createSignal<JobCursor | null>(null);
  const [state, setState] = createSignal<"loading" | "ready" | "error">("loading");
  const [error, setError] = createSignal<string | null>(null);
  const [moreBusy, setMoreBusy] = createSignal(false);
  const [moreError, setMoreError] = createSignal<string | null>(null);

  const status = () => (filter() === "all" ? "" : (filter() as JobStatus));

  async function loadFirst() {
    setError(null);
    if (jobs().length === 0) setState("loading");
    try {
      const page = await api.jobs.list({ status: status(), limit: PAGE });
      setJobs(page.items);
      setCursor(page.nextBefore);
      setState("ready");
    } catch (e) {
      setError(errorMessage(e));
      setState("error");
    }
  }

  async function loadMore() {
    const before = cursor();
    if (before === null) return;
    setMoreBusy(true);
    setMoreError(null);
    try {
      const page = await api.jobs.list({ status: status(), limit: PAGE, before });
      const seen = new Set(jobs().map((j) => j.id));
      setJobs((list) => list.concat(page.items.filter((j) => !seen.has(j.id))));
      setCursor(page.nextBefore);
    } catch (e) {
      setMoreError(errorMessage(e));
    } finally {
      setMoreBusy(false);
    }
  }

  createEffect(on(filter, () => {
    setJobs([]);
    void loadFirst();
  }));

  // Live updates: replace known rows, prepend new jobs that match the filter.
  const unsubscribe = subscribe(
    "jobs",
    (msg) => {
      if (msg.type !== "update") return;
      const job = msg.data as Job;
      setJobs((list) => {
        const i = list.findIndex((j) => j.id === job.id);
        if (i >= 0) return list.map((j) => (j.id === job.id ? job : j));
        if (status() && job.status !== status()) return list;
        return [job, ...list];
      });
    },
    () => void loadFirst(),
  );
  onCleanup(unsubscribe);

  const options = [{ value: "all" as Filter, label: "All statuses" }].concat(
    JOB_STATUSES.map((s) => ({ value: s as Filter, label: jobStatusLabel(s) })),
  );

  return (
    <>
      <PageHeader
        title="Jobs"
        description="Long operations (deploys, backups, restores, certificates) and their progress."
        actions={
          <>
            <SelectField label="Status" hideLabel options={options} value={filter()} onChange={setFilter} class="w-44" />
            <Button onClick={() => void loadFirst()} aria-label="Refresh jobs">
              <RefreshCw class="size-4" aria-hidden="true" /> Refresh
            </Button>
          </>
        }
      />
      <Card bodyClass="overflow-x-auto">
        <Switch>
          <Match when={state() === "loading"}>
            <Loading label="Loading jobs…" />
          </Match>
          <Match when={state() === "error"}>
            <ErrorAlert message={error()} class="m-4" />
          </Match>
          <Match when={jobs().length === 0}>
            <Show
              when={filter() === "all"}
              fallback={<EmptyState icon={<ListChecks class="size-6" />} title="No jobs match this filter" />}
            >
              <EmptyState
                icon={<ListChecks class="size-6" />}
                title="No jobs yet — long operations like deploys and backups appear here"
              >
                Each job shows its progress, current step and a live log you can reopen at any time.
              </EmptyState>
            </Show>
          </Match>
          <Match when={true}>
            <JobsTable jobs={jobs()} onOpen={openJob} now={now()} />
          </Match>
        </Switch>
      </Card>
      <Show when={state() === "ready" && cursor() !== null}>
        <div class="mt-4 flex flex-col items-center gap-2">
          <ErrorAlert message={moreError()} />
          <Button onClick={loadMore} loading={moreBusy()}>
            Load more
          </Button>
        </div>
      </Show>
    </>
  );
}
