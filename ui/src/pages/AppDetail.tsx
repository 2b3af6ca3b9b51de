import { Match, Show, Switch } from "solid-js";
import { DetailFrame } from "../components/layout/DetailFrame";
import { useNavigate, useParams } from "@solidjs/router";
import { can } from "../lib/session";
import { Tabs } from "../components/ui/Tabs";
import { AppStatusBadge } from "../components/apps/AppStatusBadge";
import { AppOverview } from "../components/apps/AppOverview";
import { AppLogs } from "../components/apps/AppLogs";
import { AppEnv } from "../components/apps/AppEnv";
import { AppCompose } from "../components/apps/AppCompose";
import { AppHistory } from "../components/apps/AppHistory";
import { AppDomains } from "../components/apps/AppDomains";
import { PrivateUrls } from "../components/apps/PrivateUrls";
import { AppDatabases } from "../components/apps/AppDatabases";
import { AppRemove } from "../components/apps/AppRemove";
import { AppBackups } from "../components/backups/AppBackups";
import { WordPressCard } from "../components/wordpress/WordPressCard";
import { MetricsPanel } from "../components/metrics/MetricsPanel";
import { useApp } from "../components/apps/useApp";
import { ContainerDrawer } from "../components/docker/ContainerDrawer";
import { createContainerActions } from "../components/docker/containerActions";
import { useOpenContainer } from "../components/docker/openContainer";

type Tab = "overview" | "logs" | "metrics" | "environment" | "compose" | "domains" | "databases" | "backups" | "history" | "remove";
const TABS: { value: Tab; label: string }[] = [
  { value: "overview", label: "Overview" },
  { value: "logs", label: "Logs" },
  { value: "metrics", label: "Metrics" },
  { value: "environment", label: "Environment" },
  { value: "compose", label: "Compose" },
  { value: "domains", label: "Domains" },
  { value: "databases", label: "Databases" },
  { value: "backups", label: "Backups" },
  { value: "history", label: "History" },
  { value: "remove", label: "Remove" },
];

/** Reading the environment (secrets) and removing need apps:manage. */
const OPERATOR_TABS: Tab[] = ["environment", "remove"];

/** /apps/:id/:tab? — one app: overview, logs, metrics, environment, compose, domains, databases, backups, history and removal. */
export default function AppDetail() {
  const params = useParams<{ id: string; tab?: string }>();
  const navigate = useNavigate();
  const { detail, refetch, server } = useApp(() => params.id);
  const openContainer = useOpenContainer();
  const tab = (): Tab => (TABS.some((t) => t.value === params.tab) ? (params.tab as Tab) : "overview");
  const base = () => `/apps/${encodeURIComponent(params.id)}`;
  const actions = createContainerActions({ server, onChanged: () => void refetch(), onOpen: (c) => openContainer(c.id) });

  return (
    <>
      <DetailFrame
        back="/apps"
        backLabel="Apps"
        of={detail}
        retry={refetch}
        loadingLabel="Loading app…"
        goneTitle="This app doesn't exist (any more)"
        gone={<>It may have been removed. Its jobs are still listed under Jobs.</>}
      >
        {(d) => (
          <>
            <div class="mb-4 flex flex-wrap items-center gap-x-3 gap-y-1">
              <h1 class="text-xl font-semibold tracking-tight">{d().app.name}</h1>
              <AppStatusBadge status={d().app.status} testId="app-status" />
              <Show when={d().app.templateName}>
                <span class="text-[13px] text-muted">{d().app.templateName}</span>
              </Show>
            </div>
            <Tabs<Tab>
              label="App sections"
              tabs={TABS.filter((t) => can("operator") || !OPERATOR_TABS.includes(t.value))}
              value={tab()}
              onChange={(t) => navigate(t === "overview" ? base() : `${base()}/${t}`)}
              render={(t) => (
                <Switch>
                  <Match when={t === "overview"}>
                    <AppOverview
                      detail={d()}
                      onOpenContainer={(c) => openContainer(c.id)}
                      containerMenu={actions.menu}
                      onChanged={() => void refetch()}
                    />
                    <WordPressCard app={d().app} containers={d().containers} />
                  </Match>
                  <Match when={t === "logs"}><AppLogs server={d().app.serverId} containers={d().containers} /></Match>
                  <Match when={t === "metrics"}><MetricsPanel scope={{ kind: "app", id: d().app.id }} /></Match>
                  <Match when={t === "environment"}><AppEnv app={d().app} /></Match>
                  <Match when={t === "compose"}><AppCompose app={d().app} /></Match>
                  <Match when={t === "domains"}>
                    <div class="space-y-4">
                      <AppDomains app={d().app} />
                      <PrivateUrls app={d().app} />
                    </div>
                  </Match>
                  <Match when={t === "databases"}><AppDatabases app={d().app} /></Match>
                  <Match when={t === "backups"}><AppBackups app={d().app} /></Match>
                  <Match when={t === "history"}><AppHistory app={d().app} /></Match>
                  <Match when={t === "remove"}><AppRemove app={d().app} /></Match>
                </Switch>
              )}
            />
          </>
        )}
      </DetailFrame>
      <ContainerDrawer server={server} onChanged={() => void refetch()} />
      {actions.dialogs}
    </>
  );
}
