// What the API shows of a certificate. Never the key.
import { iso } from "../lib/time.ts";
import type { CertificateRow } from "./repo.ts";

const DAY = 86_400_000;

export interface PublicCertificate {
  source: "acme" | "upload";
  state: "issuing" | "active" | "failed";
  challenge: "http-01" | "dns-01" | null;
  names: string[];
  issuer: string | null;
  serial: string | null;
  notBefore: string | null;
  notAfter: string | null;
  daysLeft: number | null;
  lastRenewalAt: string | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  /** When the schedule will try to renew it (ACME only): the backoff time after a failure, else expiry minus renewBeforeDays. */
  renewsAt: string | null;
  jobId: string | null;
  /** Status of that job ("queued", "running", "succeeded"...), so a running renewal shows. */
  jobStatus: string | null;
}

export function toPublicCertificate(row: CertificateRow, jobStatus: string | null = null, renewBeforeMs = 30 * DAY, now = Date.now()): PublicCertificate {
  const renewsAt = row.source !== "acme" || row.state !== "active" || row.notAfter === null ? null : (row.nextAttemptAt ?? Math.max(now, row.notAfter - renewBeforeMs));
  return {
    source: row.source as PublicCertificate["source"],
    state: row.state as PublicCertificate["state"],
    challenge: row.challenge as PublicCertificate["challenge"],
    names: JSON.parse(row.names) as string[],
    issuer: row.issuer,
    serial: row.serial,
    notBefore: iso(row.notBefore),
    notAfter: iso(row.notAfter),
    daysLeft: row.notAfter === null ? null : Math.floor((row.notAfter - now) / DAY),
    lastRenewalAt: iso(row.lastRenewalAt),
    lastError: row.lastError,
    nextAttemptAt: iso(row.nextAttemptAt),
    renewsAt: iso(renewsAt),
    jobId: row.jobId,
    jobStatus,
  };
}
