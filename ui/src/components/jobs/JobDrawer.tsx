import { Show } from "solid-js";
import { useMatch, useNavigate, useSearchParams } from "@solidjs/router";
import { Drawer } from "../ui/Drawer";
import { JobDetail } from "./JobDetail";
import { jobKindLabel } from "./JobStatusBadge";
import { useJobStream } from "./useJobStream";

/**
 * Job drawer, available on every page: open it with ?job=<id> (see ./openJob.ts), or deep-link
 * to /jobs/<id>. Closing it drops the parameter (or goes back to /jobs), so it can be reopened
 * from Jobs or the browser history.
 */
export function JobDrawer() {
  const [params, setParams] = useSearchParams<{ job?: string }>();
  const navigate = useNavigate();
  const route = useMatch(() => "/jobs/:id");
  const jobId = () => route()?.params.id || (typeof params.job === "string" && params.job ? params.job : undefined);
  const close = () => {
    if (route()) navigate("/jobs");
    else setParams({ job: undefined });
  };
  const stream = useJobStream(jobId);

  const title = () => {
    const j = stream.job();
    if (!j) return "Job";
    return `${jobKindLabel(j.kind)}${j.target ? ` · ${j.target}` : ""}`;
  };

  return (
    <Drawer
      open={!!jobId()}
      onOpenChange={(open) => {
        if (!open) close();
      }}
      title={title()}
      header={
        <Show when={jobId()}>
          <p class="truncate font-mono text-[12px] text-muted">Job {jobId()}</p>
        </Show>
      }
    >
      <Show when={jobId()}>{(id) => <JobDetail id={id()} stream={stream} />}</Show>
    </Drawer>
  );
}
