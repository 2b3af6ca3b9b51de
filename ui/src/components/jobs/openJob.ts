import { useSearchParams } from "@solidjs/router";

/** Returns a function that opens the job drawer for a job id (on the current page). */
export function useOpenJob(): (id: string) => void {
  const [, setParams] = useSearchParams();
  return (id: string) => setParams({ job: id });
}
