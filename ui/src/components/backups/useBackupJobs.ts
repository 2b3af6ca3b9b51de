import type { Job } from "../../api";
import { useJobChanges } from "../jobs/useJobChanges";

const isBackupJob = (job: Job): boolean => job.kind.startsWith("backups.") || !!job.target?.startsWith("backup");

/** Calls `onChange` (debounced) when a backup job starts or ends: scheduled runs and drills too. */
export const useBackupJobs = (onChange: () => void): void => useJobChanges(isBackupJob, onChange);
