import { createSignal } from "solid-js";
import { useNavigate } from "@solidjs/router";
import { api, type App, type Job } from "../../api";
import { toast } from "../../lib/toast";
import { useOpenJob } from "../jobs/openJob";
import { useJobWatch } from "../jobs/useJobWatch";

/**
 * After POST /apps: show the deploy job in the drawer, and go to the app's page once it
 * succeeds. A failed or cancelled deploy stays on the form (values kept), which explains what
 * happened.
 */
export function useDeployFlow() {
  const openJob = useOpenJob();
  const watch = useJobWatch();
  const navigate = useNavigate();
  const [runningJob, setRunningJob] = createSignal<string | null>(null);
  const [failed, setFailed] = createSignal<{ app: App; job: Job; kept: boolean } | null>(null);

  const start = (app: App, job: Job) => {
    setFailed(null);
    setRunningJob(job.id);
    openJob(job.id);
    watch(job.id, (done) => {
      setRunningJob(null);
      if (done.status === "succeeded") {
        toast.success("Deploy succeeded", `${app.name} is up${app.urls[0] ? ` at ${app.urls[0]}` : ""}.`);
        navigate(`/apps/${encodeURIComponent(app.id)}`);
      } else {
        // A failed first deploy is rolled back without a trace; say so rather than link to nothing.
        void api.apps
          .get(app.id)
          .then(() => true, () => false)
          .then((kept) => setFailed({ app, job: done, kept }));
      }
    });
  };

  return { start, running: () => runningJob() !== null, failed, openJob };
}
