import { Match, Switch, type JSX, type Resource } from "solid-js";
import { A } from "@solidjs/router";
import ArrowLeft from "lucide-solid/icons/arrow-left";
import { isApiError } from "../../api";
import { AsyncLive } from "../ui/AsyncLive";
import { EmptyState } from "../ui/EmptyState";

/**
 * The frame of a detail page (an app, a domain, a database server, a backup plan): a link back
 * to its list, a clear "gone" state when the thing no longer exists (404), and the live
 * loading/error/retry handling around the page itself.
 */
export function DetailFrame<T>(props: {
  back: string;
  backLabel: string;
  of: Resource<T>;
  retry: () => void;
  loadingLabel: string;
  goneTitle: string;
  gone: JSX.Element;
  children: (value: () => T) => JSX.Element;
}) {
  const gone = () => props.of.state === "errored" && isApiError(props.of.error) && props.of.error.status === 404;
  return (
    <>
      <A href={props.back} class="mb-3 inline-flex items-center gap-1 rounded text-[13px] text-muted hover:text-fg">
        <ArrowLeft class="size-4" aria-hidden="true" /> {props.backLabel}
      </A>
      <Switch>
        <Match when={gone()}>
          <EmptyState title={props.goneTitle} action={<A href={props.back} class="text-accent hover:underline">Back to {props.backLabel}</A>}>
            {props.gone}
          </EmptyState>
        </Match>
        <Match when={true}>
          <AsyncLive of={props.of} retry={props.retry} loadingLabel={props.loadingLabel}>
            {(v) => props.children(v)}
          </AsyncLive>
        </Match>
      </Switch>
    </>
  );
}
