import { createSignal, For } from "solid-js";
import Play from "lucide-solid/icons/play";
import Square from "lucide-solid/icons/square";
import RotateCw from "lucide-solid/icons/rotate-cw";
import Rocket from "lucide-solid/icons/rocket";
import { api, errorMessage, type App, type AppAction } from "../../api";
import { toast } from "../../lib/toast";
import { useOpenJob } from "../jobs/openJob";
import { Button } from "../ui/Button";

const ACTIONS: { action: AppAction; label: string; icon: typeof Play; hint: string }[] = [
  { action: "start", label: "Start", icon: Play, hint: "Start every container of the app" },
  { action: "stop", label: "Stop", icon: Square, hint: "Stop every container (data is kept)" },
  { action: "restart", label: "Restart", icon: RotateCw, hint: "Restart every container" },
  { action: "redeploy", label: "Redeploy", icon: Rocket, hint: "Pull images and recreate the containers from the compose file" },
];

/** Start / Stop / Restart / Redeploy: each starts a job shown in the job drawer. */
export function AppActions(props: { app: App; onStarted?: () => void }) {
  const openJob = useOpenJob();
  const [busy, setBusy] = createSignal<AppAction | null>(null);

  async function run(action: AppAction) {
    setBusy(action);
    try {
      const res = await api.apps.action(props.app.id, action);
      openJob(res.job.id);
      props.onStarted?.();
    } catch (e) {
      toast.error(`Couldn't ${action} ${props.app.name}`, errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div class="flex flex-wrap gap-2">
      <For each={ACTIONS}>
        {(a) => (
          <Button
            variant={a.action === "redeploy" ? "primary" : "secondary"}
            title={a.hint}
            loading={busy() === a.action}
            disabled={busy() !== null && busy() !== a.action}
            onClick={() => void run(a.action)}
          >
            <a.icon class="size-4" aria-hidden="true" />
            {a.label}
          </Button>
        )}
      </For>
    </div>
  );
}
