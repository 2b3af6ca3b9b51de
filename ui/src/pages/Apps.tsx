import { createResource, createSignal, Show } from "solid-js";
import { A } from "@solidjs/router";
import AppWindow from "lucide-solid/icons/app-window";
import FileCode from "lucide-solid/icons/file-code";
import LayoutTemplate from "lucide-solid/icons/layout-template";
import { stableList } from "../lib/stable";
import { api, type App } from "../api";
import { useNow } from "../lib/now";
import { selectedServerId } from "../lib/servers";
import { can } from "../lib/session";
import { createSort } from "../lib/sort";
import { AsyncLive } from "../components/ui/AsyncLive";
import { buttonClass } from "../components/ui/Button";
import { EmptyState } from "../components/ui/EmptyState";
import { Card, PageHeader } from "../components/ui/Page";
import { SearchInput } from "../components/ui/SearchInput";
import { AppsTable, type AppSortKey } from "../components/apps/AppsTable";
import { appStatusLabel } from "../components/apps/AppStatusBadge";
import { useAppJobs } from "../components/apps/useAppJobs";
import { useDockerEvents } from "../components/docker/useDockerEvents";

export default function Apps() {
  const [apps, { refetch }] = createResource<App[], string>(selectedServerId, (s, info) =>
    api.apps.list(s).then((r) => stableList(info.value, r.items, (a) => String(a.id))),
  );
  const [query, setQuery] = createSignal("");
  const now = useNow(30_000);

  // Live: app jobs starting/finishing and container changes update statuses without polling.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void refetch(), 200);
  };
  useAppJobs(refresh);
  useDockerEvents(selectedServerId, refresh, { types: ["container"] });

  const sort = createSort<App, AppSortKey>(
    { name: (a) => a.name, status: (a) => appStatusLabel(a.status), template: (a) => a.templateName, created: (a) => a.createdAt },
    "name",
  );
  const visible = (items: App[]) => {
    const q = query().trim().toLowerCase();
    return sort.sorted(
      items.filter((a) => !q || [a.name, a.status, a.templateName ?? "compose", ...a.urls].some((x) => x.toLowerCase().includes(q))),
    );
  };

  const NewButtons = () => (
    <Show when={can("operator")}>
      <A href="/apps/new" class={buttonClass("secondary")}>
        <FileCode class="size-4" aria-hidden="true" /> New app from compose
      </A>
      <A href="/templates" class={buttonClass("primary")}>
        <LayoutTemplate class="size-4" aria-hidden="true" /> Deploy from template
      </A>
    </Show>
  );

  return (
    <>
      <PageHeader title="Apps" description="Compose stacks ServerKit deployed on this server." actions={<NewButtons />} />
      <AsyncLive of={apps} retry={refetch} loadingLabel="Loading apps…">
        {(items) => (
          <Show
            when={items().length > 0}
            fallback={
              <Card>
                <EmptyState
                  icon={<AppWindow class="size-6" />}
                  title="No apps yet — deploy one from Templates"
                  action={<div class="flex flex-wrap justify-center gap-2"><NewButtons /></div>}
                >
                  An app is a Docker Compose stack: pick a ready-made template, or paste your own compose file.
                </EmptyState>
              </Card>
            }
          >
            <div class="mb-3 flex flex-wrap items()-center gap-2">
              <SearchInput label="Search apps" value={query()} onInput={setQuery} />
              <span class="ml-auto text-[12px] text-muted">
                {items().filter((a) => a.status === "running").length} of {items().length} running
              </span>
            </div>
            <Card bodyClass="overflow-x-auto">
              <Show when={visible(items()).length > 0} fallback={<EmptyState title="No app matches this search" />}>
                <AppsTable apps={visible(items())} sort={sort} now={now()} />
              </Show>
            </Card>
          </Show>
        )}
      </AsyncLive>
    </>
  );
}
