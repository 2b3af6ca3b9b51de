import { Match, Switch } from "solid-js";
import { useNavigate, useParams } from "@solidjs/router";
import { selectedServerId } from "../lib/servers";
import { PageHeader } from "../components/ui/Page";
import { Tabs } from "../components/ui/Tabs";
import { ContainersTab } from "../components/docker/ContainersTab";
import { ImagesTab } from "../components/docker/ImagesTab";
import { VolumesTab } from "../components/docker/VolumesTab";
import { NetworksTab } from "../components/docker/NetworksTab";
import { ContainerDrawer } from "../components/docker/ContainerDrawer";

type Tab = "containers" | "images" | "volumes" | "networks";
const TABS: { value: Tab; label: string }[] = [
  { value: "containers", label: "Containers" },
  { value: "images", label: "Images" },
  { value: "volumes", label: "Volumes" },
  { value: "networks", label: "Networks" },
];

/** Docker on the selected server: containers, images, volumes, networks (one tab each, linkable). */
export default function Docker() {
  const params = useParams<{ tab?: string }>();
  const navigate = useNavigate();
  const tab = (): Tab => (TABS.some((t) => t.value === params.tab) ? (params.tab as Tab) : "containers");

  return (
    <>
      <PageHeader title="Docker" description="Containers, images, volumes and networks on this server. Lists update live." />
      <Tabs<Tab>
        label="Docker objects"
        tabs={TABS}
        value={tab()}
        onChange={(t) => navigate(t === "containers" ? "/containers" : `/containers/${t}`)}
        render={(t) => (
          <Switch>
            <Match when={t === "containers"}><ContainersTab /></Match>
            <Match when={t === "images"}><ImagesTab /></Match>
            <Match when={t === "volumes"}><VolumesTab /></Match>
            <Match when={t === "networks"}><NetworksTab /></Match>
          </Switch>
        )}
      />
      <ContainerDrawer server={selectedServerId} />
    </>
  );
}
