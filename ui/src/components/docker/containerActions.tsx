import { createSignal, Show } from "solid-js";
import Play from "lucide-solid/icons/play";
import Square from "lucide-solid/icons/square";
import RotateCw from "lucide-solid/icons/rotate-cw";
import Skull from "lucide-solid/icons/skull";
import Trash2 from "lucide-solid/icons/trash";
import PanelRight from "lucide-solid/icons/panel-right";
import { api, errorMessage, type Container, type ContainerAction, type ContainerSummary } from "../../api";
import { can } from "../../lib/session";
import { toast } from "../../lib/toast";
import type { MenuAction } from "../ui/ActionMenu";
import { Checkbox } from "../ui/Checkbox";
import { ConfirmDialog } from "../ui/ConfirmDialog";

const DONE: Record<ContainerAction, string> = { start: "Started", stop: "Stopped", restart: "Restarted", kill: "Killed" };

/**
 * Container actions shared by the Containers page, the app page and the container drawer:
 * start / stop / restart right away, kill and remove behind a confirmation dialog.
 * Render `dialogs` once in the calling component.
 */
export function createContainerActions(opts: {
  server: () => string;
  onChanged: (c?: Container) => void;
  onRemoved?: (c: ContainerSummary) => void;
  onOpen?: (c: ContainerSummary) => void;
}) {
  const [busy, setBusy] = createSignal<string | null>(null);
  const [killing, setKilling] = createSignal<ContainerSummary | null>(null);
  const [removing, setRemoving] = createSignal<ContainerSummary | null>(null);
  const [force, setForce] = createSignal(false);
  const [volumes, setVolumes] = createSignal(false);

  async function run(c: ContainerSummary, action: ContainerAction) {
    setBusy(`${c.id}:${action}`);
    try {
      const res = await api.docker.containerAction(opts.server(), c.id, action);
      opts.onChanged(res.container);
      toast.success(`${DONE[action]} ${c.name}`);
    } catch (e) {
      toast.error(`Couldn't ${action} ${c.name}`, errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  const askRemove = (c: ContainerSummary) => {
    setForce(c.state === "running");
    setVolumes(false);
    setRemoving(c);
  };

  const menu = (c: ContainerSummary): MenuAction[] => {
    const items: MenuAction[] = [];
    if (opts.onOpen) items.push({ label: "Details & logs", icon: <PanelRight class="size-4" />, onSelect: () => opts.onOpen?.(c) });
    if (!can("operator")) return items;
    const running = c.state === "running" || c.state === "restarting" || c.state === "paused";
    items.push(
      { label: "Start", icon: <Play class="size-4" />, onSelect: () => void run(c, "start"), disabled: running, separated: !!opts.onOpen },
      { label: "Stop", icon: <Square class="size-4" />, onSelect: () => void run(c, "stop"), disabled: !running },
      { label: "Restart", icon: <RotateCw class="size-4" />, onSelect: () => void run(c, "restart") },
      { label: "Kill…", icon: <Skull class="size-4" />, onSelect: () => setKilling(c), disabled: !running, danger: true, separated: true },
      { label: "Remove…", icon: <Trash2 class="size-4" />, onSelect: () => askRemove(c), danger: true },
    );
    return items;
  };

  const dialogs = (
    <>
      <ConfirmDialog
        open={!!killing()}
        onOpenChange={(o) => !o && setKilling(null)}
        title={`Kill ${killing()?.name ?? "container"}`}
        confirmLabel="Kill container"
        onConfirm={async () => {
          const c = killing();
          if (!c) return;
          const res = await api.docker.containerAction(opts.server(), c.id, "kill");
          opts.onChanged(res.container);
          toast.success(`Killed ${c.name}`);
        }}
      >
        <p>
          Sends SIGKILL to <strong>{killing()?.name}</strong> at once: the process gets no chance to finish writes or close
          connections. Prefer Stop unless it is stuck.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={!!removing()}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={`Remove ${removing()?.name ?? "container"}`}
        confirmLabel="Remove container"
        onConfirm={async () => {
          const c = removing();
          if (!c) return;
          await api.docker.removeContainer(opts.server(), c.id, { force: force(), volumes: volumes() });
          opts.onRemoved?.(c);
          opts.onChanged();
          toast.success(`Removed ${c.name}`);
        }}
      >
        <div class="space-y-3">
          <p>
            The container <strong>{removing()?.name}</strong> and its writable layer are deleted. Named volumes are kept.
          </p>
          <Show when={removing()?.app}>
            <p class="text-warning">
              It belongs to the app <strong>{removing()?.app}</strong>: the app stays incomplete until you redeploy it.
            </p>
          </Show>
          <Checkbox
            label="Force (stop it first if it is running)"
            checked={force()}
            onChange={setForce}
          />
          <Checkbox
            label="Also delete its anonymous volumes"
            description="Unnamed volumes created for this container only; their data is lost."
            checked={volumes()}
            onChange={setVolumes}
            tone="danger"
          />
        </div>
      </ConfirmDialog>
    </>
  );

  return { run, menu, busy, askKill: setKilling, askRemove, dialogs };
}
