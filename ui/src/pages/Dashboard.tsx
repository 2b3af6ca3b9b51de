import { createResource, Show } from "solid-js";
import { api } from "../api";
import { selectedServerId } from "../lib/servers";
import { Async } from "../components/ui/Async";
import { Alert } from "../components/ui/Alert";
import { Badge } from "../components/ui/Badge";
import { PageHeader } from "../components/ui/Page";
import { Skeleton } from "../components/ui/Loading";
import { ServerCard } from "../components/dashboard/ServerCard";
import { LiveLoad } from "../components/dashboard/LiveLoad";
import { DisksTable } from "../components/dashboard/DisksTable";
import { useServerLoad } from "../components/dashboard/useServerLoad";
import { FiringAlertsCard } from "../components/alerts/FiringAlertsCard";
import { MetricsPanel } from "../components/metrics/MetricsPanel";

export default function Dashboard() {
  const [detail, { refetch }] = createResource(selectedServerId, async (id) => ({
    ...(await api.servers.get(id)),
    fetchedAt: Date.now(),
  }));
  const load = useServerLoad(selectedServerId);

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={
          <Show when={detail.latest} fallback="Server overview">
            {(d) => (
              <span class="inline-flex items-center gap-2">
                {d().server.name}
                <Badge tone={d().server.status === "online" ? "success" : "danger"} dot>
                  {d().server.status === "online" ? "Online" : "Offline"}
                </Badge>
              </span>
            )}
          </Show>
        }
      />
      <Async
        of={detail}
        retry={refetch}
        loading={
          <div class="grid gap-3 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]" aria-busy="true">
            <Skeleton class="h-72 w-full" />
            <Skeleton class="h-72 w-full" />
          </div>
        }
      >
        {(d) => (
          <div class="space-y-4">
            <Show when={d.server.status === "offline"}>
              <Alert kind="warning" title="This server is offline">
                The figures below are the last ones ServerKit received.
              </Alert>
            </Show>
            <div class="grid gap-4 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
              <ServerCard facts={d.facts} fetchedAt={d.fetchedAt} />
              <LiveLoad load={load} />
            </div>
            <FiringAlertsCard />
            <MetricsPanel scope={{ kind: "server", id: d.server.id }} title="History" />
            <DisksTable disks={d.facts.disks} />
          </div>
        )}
      </Async>
    </>
  );
}
