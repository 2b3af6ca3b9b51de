import { useJobChanges } from "../jobs/useJobChanges";

/** Calls `onChange` (debounced) when a sync or revert job starts, moves on or ends, scheduled ones included. */
export const useSyncJobs = (onChange: () => void): void => useJobChanges((job) => job.kind.startsWith("sync."), onChange, 300);
