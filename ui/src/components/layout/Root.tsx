import { createResource, Match, Suspense, Switch, type JSX } from "solid-js";
import { Navigate, useLocation, useNavigate, type RouteSectionProps } from "@solidjs/router";
import { api } from "../../api";
import { onUnauthorized } from "../../api/client";
import { clearSession, setSetupNeeded, setupNeeded } from "../../lib/session";
import { Toaster } from "../../lib/toast";
import { FullPageLoading, FullPageError } from "./FullPage";

/**
 * Router root: learns whether first-run setup is needed, routes to /setup or away from it,
 * and turns any 401 from the API into a trip to /login (remembering where the user was).
 */
export function Root(props: RouteSectionProps) {
  const navigate = useNavigate();
  const location = useLocation();

  onUnauthorized(() => {
    clearSession();
    const here = location.pathname + location.search;
    if (location.pathname !== "/login" && location.pathname !== "/setup") {
      navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
    }
  });

  const [status, { refetch }] = createResource(async () => {
    const s = await api.setup.status();
    setSetupNeeded(s.needed);
    return s;
  });

  const page = (): JSX.Element => (
    <Switch fallback={props.children}>
      <Match when={setupNeeded() === true && location.pathname !== "/setup"}>
        <Navigate href="/setup" />
      </Match>
      <Match when={setupNeeded() === false && location.pathname === "/setup"}>
        <Navigate href="/login" />
      </Match>
    </Switch>
  );

  return (
    <>
      <Switch>
        <Match when={status.state === "errored" && setupNeeded() === null}>
          <FullPageError error={status.error} onRetry={refetch} />
        </Match>
        <Match when={setupNeeded() === null}>
          <FullPageLoading />
        </Match>
        <Match when={true}>
          <Suspense fallback={<FullPageLoading />}>{page()}</Suspense>
        </Match>
      </Switch>
      <Toaster />
    </>
  );
}
