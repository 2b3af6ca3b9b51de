import { Match, Switch } from "solid-js";
import { wsStatus } from "../../api/ws";

/** Shows the state of the live connection while something is streaming. */
export function LiveIndicator() {
  return (
    <span role="status" class="mr-1 hidden items-center gap-1.5 text-[12px] text-muted sm:inline-flex">
      <Switch>
        <Match when={wsStatus() === "open"}>
          <span class="size-2 rounded-full bg-success" aria-hidden="true" />
          Live
        </Match>
        <Match when={wsStatus() === "connecting"}>
          <span class="size-2 animate-pulse rounded-full bg-muted" aria-hidden="true" />
          Connecting…
        </Match>
        <Match when={wsStatus() === "reconnecting"}>
          <span class="size-2 animate-pulse rounded-full bg-warning" aria-hidden="true" />
          Reconnecting…
        </Match>
      </Switch>
    </span>
  );
}
