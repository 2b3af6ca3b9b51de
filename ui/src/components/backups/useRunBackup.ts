import { createSignal } from "solid-js";
import { api, errorMessage, type BackupPlan, type BackupRunResult, type Job } from "../../api";
import { formatBytes } from "../../lib/format";
import { toast } from "../../lib/toast";
import { useOpenJob } from "../jobs/openJob";
import { useJobWatch } from "../jobs/useJobWatch";

const resultOf = (j: Job): BackupRunResult | null => {
  const r = (j as Job & { result?: Partial<BackupRunResult> | null }).result;
  return r && typeof r.bytes === "number" ? { backupId: String(r.backupId ?? ""), bytes: r.bytes } : null;
};

/**
 * "Back up now": starts the plan's `backups.run` job, opens it in the job drawer (progress and
 * log), and calls `onChange` when it starts and when it ends (with a toast saying how it went).
 */
export function useRunBackup(onChange: () => void) {
  const openJob = useOpenJob();
  const watch = useJobWatch();
  const [starting, setStarting] = createSignal<ReadonlySet<number>>(new Set());
  const [active, setActive] = createSignal<ReadonlySet<number>>(new Set());
  const edit = (set: typeof setActive, id: number, on: boolean) =>
    set((s) => {
      const n = new Set(s);
      if (on) n.add(id);
      else n.delete(id);
      return n;
    });

  async function run(plan: BackupPlan) {
    edit(setStarting, plan.id, true);
    try {
      const { job } = await api.backups.run(plan.id);
      edit(setActive, plan.id, true);
      openJob(job.id);
      onChange();
      watch(job.id, async (j) => {
        edit(setActive, plan.id, false);
        onChange();
        if (j.status === "succeeded") {
          const r = resultOf(j) ?? (await api.jobs.get(j.id).then((x) => resultOf(x.job), () => null));
          toast.success(`${plan.name} backed up`, r ? `${formatBytes(r.bytes)} stored, encrypted and checksummed.` : "The backup is stored.");
        } else {
          toast.error(`Backup of ${plan.name} ${j.status === "cancelled" ? "cancelled" : "failed"}`, j.error ?? "Open the job for its log.");
        }
      });
    } catch (x) {
      toast.error(`Couldn't start a backup of ${plan.name}`, errorMessage(x));
    } finally {
      edit(setStarting, plan.id, false);
    }
  }

  /** Starting, or started here and not finished yet. */
  const busy = (id: number) => starting().has(id) || active().has(id);
  return { run, busy, starting: (id: number) => starting().has(id) };
}
