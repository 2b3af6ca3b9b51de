import { Show } from "solid-js";
import { A } from "@solidjs/router";
import type { App, Job } from "../../api";
import { Alert } from "../ui/Alert";

/** Shown on a deploy form when the job did not succeed: what happened and where to go next. */
export function DeployFailed(props: { app: App; job: Job; kept: boolean; onShowLog: () => void }) {
  return (
    <Alert kind="error" title={props.job.status === "cancelled" ? "The deploy was cancelled" : "The deploy failed"}>
      <Show when={props.job.error}>
        <p class="mb-1">{props.job.error}</p>
      </Show>
      <p>
        <Show
          when={props.kept}
          fallback={<>Nothing was left behind: fix the settings below and deploy again. </>}
        >
          The app <strong>{props.app.name}</strong> exists but isn't running.{" "}
          <A href={`/apps/${encodeURIComponent(props.app.id)}`} class="font-medium underline">
            Open it
          </A>{" "}
          to fix its settings and redeploy, or remove it.{" "}
        </Show>
        <button type="button" class="font-medium underline" onClick={() => props.onShowLog()}>
          Show the log
        </button>
      </p>
    </Alert>
  );
}
