import { createResource, ErrorBoundary, Match, Suspense, Switch } from "solid-js";
import type { RouteSectionProps } from "@solidjs/router";
import { api, isApiError } from "../../api";
import { currentUser, setSession } from "../../lib/session";
import { Loading } from "../ui/Loading";
import { Alert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { FullPageError, FullPageLoading } from "./FullPage";
import { Sidebar } from "./Sidebar";
import { TopBar } from "./TopBar";
import { JobDrawer } from "../jobs/JobDrawer";

/** Signed-in area: loads the session (GET /auth/me) once, then renders sidebar + top bar + page. */
export function Shell(props: RouteSectionProps) {
  const [me, { refetch }] = createResource(async () => {
    const existing = currentUser();
    if (existing) return existing;
    const s = await api.auth.me();
    setSession(s);
    return s.user;
  });

  return (
    <Switch fallback={<FullPageLoading />}>
      <Match when={currentUser()}>
        <div class="flex min-h-dvh">
          <a
            href="#main"
            class="sr-only z-50 rounded-md bg-surface focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:px-3 focus:py-2 focus:shadow-pop"
          >
            Skip to content
          </a>
          <Sidebar class="hidden lg:flex" />
          <div class="flex min-w-0 flex-1 flex-col">
            <TopBar />
            <main id="main" tabindex="-1" class="mx-auto w-full max-w-7xl flex-1 px-4 py-6 outline-none sm:px-6">
              <ErrorBoundary
                fallback={(_err, reset) => (
                  <Alert kind="error" title="This page hit an unexpected error">
                    <p>Try again, or reload the page if it keeps happening.</p>
                    <Button size="sm" class="mt-2" onClick={reset}>
                      Try again
                    </Button>
                  </Alert>
                )}
              >
                <Suspense fallback={<Loading />}>{props.children}</Suspense>
              </ErrorBoundary>
            </main>
          </div>
          <JobDrawer />
        </div>
      </Match>
      {/* 401 is handled globally (redirect to /login); anything else is shown here. */}
      <Match when={me.state === "errored" && !(isApiError(me.error) && me.error.status === 401)}>
        <FullPageError error={me.error} onRetry={refetch} />
      </Match>
    </Switch>
  );
}
