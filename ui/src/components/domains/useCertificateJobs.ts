import { onCleanup } from "solid-js";
import type { Domain, Job } from "../../api";
import { subscribe } from "../../api/ws";

/** Is this job about certificates? (Scheduled renewals start jobs the page never asked for.) */
const isCertificateJob = (job: Job): boolean =>
  /(^|[._-])(tls|certificates?|acme)([._-]|$)/.test(job.kind) || !!job.target?.startsWith("domain:");

/**
 * Follows the `jobs` topic and calls `onChange` when a certificate job starts or finishes (not on
 * every progress tick), and after a reconnect, so a list of domains can refresh its HTTPS states.
 */
export function useCertificateJobs(domains: () => Domain[], onChange: () => void): void {
  const seen = new Map<string, Job["status"]>();
  const unsubscribe = subscribe(
    "jobs",
    (msg) => {
      if (msg.type !== "update") return;
      const job = msg.data as Job;
      const known = domains().some((d) => d.certificate?.jobId === job.id);
      if (!known && !isCertificateJob(job)) return;
      if (seen.get(job.id) === job.status) return;
      seen.set(job.id, job.status);
      onChange();
    },
    onChange,
  );
  onCleanup(unsubscribe);
}
