// The tls domain's own errors (validation codes live in validate-upload.ts).
import { conflict, invalid } from "../lib/errors.ts";

export const jobRunning = (hostname: string, jobId: string) =>
  conflict("certificate_job_running", `A certificate job for ${hostname} is already running.`, { jobId });

export const wildcardNeedsDns = (names: string[]) =>
  invalid("wildcard_needs_dns", `${names.join(", ")} can only be validated through DNS (DNS-01); HTTP-01 cannot prove a wildcard.`);

export const cloudflareTokenMissing = () =>
  invalid("cloudflare_token_missing", "DNS-01 needs a Cloudflare API token: set one under Settings > Certificates.");

export const noCertificate = (hostname: string) => invalid("no_certificate", `${hostname} has no certificate.`);
