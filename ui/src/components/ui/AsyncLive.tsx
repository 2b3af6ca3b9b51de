import { Match, Switch, untrack, type JSX, type Resource } from "solid-js";
import RotateCcw from "lucide-solid/icons/rotate-ccw";
import { errorMessage } from "../../api";
import { Alert } from "./Alert";
import { Button } from "./Button";
import { Loading } from "./Loading";

/**
 * Like Async, for resources that refresh live: the children get an accessor and are created
 * once, so a refresh updates the page in place (open tabs, edits, scroll and streams survive).
 */
export function AsyncLive<T>(props: {
  of: Resource<T>;
  retry?: () => void;
  loadingLabel?: string;
  children: (value: () => T) => JSX.Element;
}) {
  const value = () => props.of.latest as T;
  return (
    <Switch>
      <Match when={props.of.state === "errored"}>
        <div class="p-4">
          <Alert kind="error" title="Couldn't load this">
            <p>{errorMessage(props.of.error)}</p>
            {props.retry && (
              <Button size="sm" class="mt-2" onClick={() => props.retry?.()}>
                <RotateCcw class="size-3.5" aria-hidden="true" /> Retry
              </Button>
            )}
          </Alert>
        </div>
      </Match>
      <Match when={props.of.state === "ready" || props.of.state === "refreshing"}>{untrack(() => props.children(value))}</Match>
      <Match when={true}>
        <Loading label={props.loadingLabel} />
      </Match>
    </Switch>
  );
}
