import { Show } from "solid-js";
import type { AppStatus } from "../../api";
import { Badge, type Tone } from "../ui/Badge";
import { Spinner } from "../ui/Loading";

const TONE: Record<AppStatus, Tone> = {
  running: "success",
  partial: "warning",
  stopped: "neutral",
  deploying: "accent",
  failed: "danger",
  removing: "warning",
};

const LABEL: Record<AppStatus, string> = {
  running: "Running",
  partial: "Partial",
  stopped: "Stopped",
  deploying: "Deploying",
  failed: "Failed",
  removing: "Removing",
};

export const appStatusLabel = (s: AppStatus): string => LABEL[s] ?? s;
export const isAppBusy = (s: AppStatus): boolean => s === "deploying" || s === "removing";

export function AppStatusBadge(props: { status: AppStatus; testId?: string }) {
  return (
    <span data-testid={props.testId} data-status={props.status} class="inline-flex">
      <Badge tone={TONE[props.status] ?? "neutral"} dot={!isAppBusy(props.status)}>
        <Show when={isAppBusy(props.status)}>
          <Spinner class="size-3 text-current" />
        </Show>
        {appStatusLabel(props.status)}
      </Badge>
    </span>
  );
}
