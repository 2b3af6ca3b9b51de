import { Match, Switch, type JSX, type Resource } from "solid-js";
import RotateCcw from "lucide-solid/icons/rotate-ccw";
import { errorMessage } from "../../api";
import { Alert } from "./Alert";
import { Button } from "./Button";
import { Loading } from "./Loading";

/**
 * Renders a resource without Suspense: a loading line on first load, the API error (with Retry)
 * on failure, and the latest value otherwise (kept on screen while refreshing).
 */
export function Async<T>(props: {
  of: Resource<T>;
  retry?: () => void;
  loadingLabel?: string;
  loading?: JSX.Element;
  children: (value: T) => JSX.Element;
}) {
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
      <Match when={props.of.state === "ready" || props.of.state === "refreshing"}>
        {props.children(props.of.latest as T)}
      </Match>
      <Match when={true}>{props.loading ?? <Loading label={props.loadingLabel} />}</Match>
    </Switch>
  );
}
