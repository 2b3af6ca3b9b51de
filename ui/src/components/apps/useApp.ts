import { createResource } from "solid-js";
import { valueOf } from "../../lib/resource";
import { api, type AppDetail } from "../../api";
import { stableList } from "../../lib/stable";
import { useDockerEvents } from "../docker/useDockerEvents";
import { useAppJobs } from "./useAppJobs";

/**
 * One app and its containers, kept current by its jobs (start/finish) and by Docker events on
 * its containers — no polling.
 */
export function useApp(id: () => string) {
  const [detail, { refetch, mutate }] = createResource<AppDetail, string>(id, (x, info) =>
    api.apps.get(x).then((d) => ({ ...d, containers: stableList(info.value?.containers, d.containers, (c) => c.id) })),
  );
  const name = () => valueOf(detail)?.app.name;
  const server = () => valueOf(detail)?.app.serverId ?? "local";

  let timer: ReturnType<typeof setTimeout> | undefined;
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void refetch(), 200);
  };

  useAppJobs(refresh);
  // Compose v2 names containers "<app>-<service>-1", v1 "<app>_<service>_1".
  const ownsName = (n: string | null) => {
    const app = name();
    const bare = (n ?? "").replace(/^\//, "");
    return !!app && bare.startsWith(app) && /^[-_]/.test(bare.slice(app.length));
  };
  useDockerEvents(server, refresh, {
    types: ["container"],
    filter: (e) => (!!e.app && e.app === name()) || ownsName(e.name) || (valueOf(detail)?.containers ?? []).some((c) => c.id === e.id),
  });

  return { detail, refetch, mutate, server };
}
