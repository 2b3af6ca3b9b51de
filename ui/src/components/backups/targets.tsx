import { createResource, Show } from "solid-js";
import { A } from "@solidjs/router";
import AppWindow from "lucide-solid/icons/app-window";
import Database from "lucide-solid/icons/database";
import { api, type App, type BackupPlan, type DatabaseServer } from "../../api";

export interface PlanTargets {
  app: (id: number | null) => App | undefined;
  dbServer: (id: number | null) => DatabaseServer | undefined;
  /** False until the names needed by these plans are loaded (or failed to load). */
  loaded: () => boolean;
}

/** Names of what plans back up: the apps (per server of the plans) and database servers they point at. */
export function usePlanTargets(plans: () => BackupPlan[] | undefined): PlanTargets {
  const appServers = () => {
    const ids = [...new Set((plans() ?? []).filter((p) => p.scope === "app").map((p) => p.serverId))].sort();
    return ids.length ? ids.join(",") : false;
  };
  const [apps] = createResource(appServers, (key) =>
    Promise.all(key.split(",").map((s) => api.apps.list(s).then((r) => r.items, () => [] as App[]))).then((l) => l.flat()),
  );
  const needDb = () => (plans() ?? []).some((p) => p.scope === "database");
  const [servers] = createResource(needDb, () => api.databases.servers().then((r) => r.items, () => [] as DatabaseServer[]));
  return {
    app: (id) => (id === null || apps.state !== "ready" ? undefined : apps().find((a) => Number(a.id) === id)),
    dbServer: (id) => (id === null || servers.state !== "ready" ? undefined : servers().find((s) => s.id === id)),
    loaded: () => (!appServers() || apps.state === "ready") && (!needDb() || servers.state === "ready"),
  };
}

/** What the user types to confirm a restore: the app's name or the database's name. */
export const confirmNameOf = (plan: BackupPlan, t: PlanTargets): string | undefined =>
  plan.scope === "app" ? t.app(plan.appId)?.name : (plan.databaseName ?? undefined);

/** "What" a plan backs up, linked: the app, or database X on server Y. */
export function PlanWhat(props: { plan: BackupPlan; targets: PlanTargets; class?: string }) {
  const p = () => props.plan;
  return (
    <span class={`inline-flex min-w-0 items-center gap-1.5 ${props.class ?? ""}`}>
      <Show
        when={p().scope === "database"}
        fallback={
          <>
            <AppWindow class="size-4 shrink-0 text-muted" aria-hidden="true" />
            <span class="sr-only">App:</span>
            <Show when={p().appId !== null} fallback={<span class="text-muted">app removed</span>}>
              <A href={`/apps/${encodeURIComponent(p().appId!)}`} class="truncate text-accent hover:underline" onClick={(e) => e.stopPropagation()}>
                {props.targets.app(p().appId)?.name ?? (props.targets.loaded() ? `App #${p().appId} (removed?)` : `App #${p().appId}`)}
              </A>
            </Show>
          </>
        }
      >
        <Database class="size-4 shrink-0 text-muted" aria-hidden="true" />
        <span class="sr-only">Database:</span>
        <span class="truncate font-mono">{p().databaseName}</span>
        <Show when={p().databaseServerId !== null}>
          <span class="shrink-0 text-muted">on</span>
          <A href={`/databases/${encodeURIComponent(p().databaseServerId!)}`} class="truncate text-accent hover:underline" onClick={(e) => e.stopPropagation()}>
            {props.targets.dbServer(p().databaseServerId)?.name ?? `server #${p().databaseServerId}`}
          </A>
        </Show>
      </Show>
    </span>
  );
}
