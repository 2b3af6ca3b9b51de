import { createSignal, Show } from "solid-js";
import ShieldCheck from "lucide-solid/icons/shield-check";
import { api, errorMessage, type BackupPlan } from "../../api";
import { toast } from "../../lib/toast";
import { useOpenJob } from "../jobs/openJob";
import { useJobWatch } from "../jobs/useJobWatch";
import { Button } from "../ui/Button";

/**
 * "Run restore drill": restores the plan's latest backup into throwaway copies (files unpacked,
 * databases loaded into scratch databases and counted) and records the verdict on the backup.
 */
export function DrillButton(props: { plan: BackupPlan; onDone: () => void }) {
  const openJob = useOpenJob();
  const watch = useJobWatch();
  const [busy, setBusy] = createSignal(false);

  async function drill() {
    setBusy(true);
    try {
      const { job } = await api.backups.drill(props.plan.id);
      openJob(job.id);
      watch(job.id, (j) => {
        setBusy(false);
        props.onDone();
        if (j.status === "succeeded") toast.success("Restore drill passed", "The latest backup restored into scratch copies and checked out.");
        else toast.error("Restore drill failed", j.error ?? "Open the job for its log.");
      });
    } catch (x) {
      setBusy(false);
      toast.error("Couldn't start a restore drill", errorMessage(x));
    }
  }

  return (
    <Button onClick={() => void drill()} loading={busy()} data-testid="run-drill">
      <Show when={!busy()}><ShieldCheck class="size-4" aria-hidden="true" /></Show> Run restore drill
    </Button>
  );
}
