// TLS: certificates for domains, from an ACME CA (HTTP-01 or DNS-01 via Cloudflare) or
// uploaded, renewed on a schedule. The proxy domain asks `paths()` when it renders a vhost.
import { existsSync, readFileSync } from "node:fs";
import type { Db } from "../db/index.ts";
import type { Jobs } from "../jobs/index.ts";
import type { SecretBox } from "../lib/crypto.ts";
import type { Logger } from "../lib/log.ts";
import { invalid } from "../lib/errors.ts";
import { CertFiles, type CertPaths } from "./files.ts";
import { issueKind } from "./issue-job.ts";
import { toPublicCertificate, type PublicCertificate } from "./public.ts";
import { Renewals } from "./renewal.ts";
import { TlsRepo } from "./repo.ts";
import { TlsService, type Challenge, type TlsDomain } from "./service.ts";
import { settingsChangeSchema, TlsSettings, type SettingsChange } from "./settings.ts";

export interface TlsConfig {
  directoryUrl: string;
  caBundle?: string;
  certDir: string;
  renewBeforeDays: number;
  renewCheckCron: string;
  acmeWebroot: string;
}

export interface TlsDeps {
  config: TlsConfig;
  box: SecretBox;
  jobs: Jobs;
  log: Logger;
  /** Domain lookups and vhost re-apply, given by the proxy domain (wired lazily: they need each other). */
  domain(id: number): Promise<TlsDomain>;
  reapply(domainId: number): Promise<void>;
  audit(entry: { action: string; target: string; result: "success" | "failure"; details: Record<string, unknown> }): Promise<void>;
}

const DAY = 86_400_000;

export function createTls(db: Db, deps: TlsDeps) {
  const repo = new TlsRepo(db);
  const files = new CertFiles(deps.config.certDir);
  const settings = new TlsSettings(repo, deps.box, { directoryUrl: deps.config.directoryUrl });
  const caBundlePem = deps.config.caBundle && existsSync(deps.config.caBundle) ? readFileSync(deps.config.caBundle, "utf8") : null;
  const jobState = async (id: string) => (await deps.jobs.get(id).catch(() => null))?.status ?? null;
  const service = new TlsService({ repo, box: deps.box, files, settings, domain: deps.domain, reapply: deps.reapply, jobState, extraRootsPem: caBundlePem, log: deps.log });

  deps.jobs.register(
    issueKind({
      service,
      repo,
      settings,
      box: deps.box,
      webroot: deps.config.acmeWebroot,
      caBundlePem,
      onFailure: (p, hostname, message) =>
        deps.audit({ action: p.reason === "renew" ? "certificates.renew" : "certificates.issue", target: `domain:${p.domainId}`, result: "failure", details: { hostname, error: message.slice(0, 500) } }),
    }),
  );

  async function issue(domainId: number, wanted: Challenge | undefined, createdBy: string | null, reason: "issue" | "renew" = "issue") {
    const { domain, challenge } = await service.planIssue(domainId, wanted);
    const job = await deps.jobs.enqueue("tls.issue", { domainId, challenge, reason }, { createdBy, target: `domain:${domain.hostname}` });
    await service.markJob(domain, challenge, job.id);
    return job;
  }

  const renewals = new Renewals({
    repo,
    renewBeforeMs: deps.config.renewBeforeDays * DAY,
    jobState,
    enqueue: async (domainId, challenge) => (await issue(domainId, challenge, null, "renew")).id,
    log: deps.log,
  });

  return {
    /** Certificate files for a hostname when it has a certificate installed (sync: used while rendering). */
    paths: (hostname: string): CertPaths | null => (files.present(hostname) ? files.paths(hostname) : null),
    /** The domain is gone: its files go too (the row goes with the domain's row). */
    forget: (hostname: string) => files.remove(hostname),
    certificate: async (domainId: number): Promise<PublicCertificate | null> => {
      const row = await repo.forDomain(domainId);
      return row ? toPublicCertificate(row, row.jobId ? await jobState(row.jobId) : null, deps.config.renewBeforeDays * DAY) : null;
    },
    issue,
    upload: async (domainId: number, certPem: string, keyPem: string) => toPublicCertificate(await service.upload(domainId, certPem, keyPem), null, deps.config.renewBeforeDays * DAY),
    remove: (domainId: number) => service.remove(domainId),
    settings: {
      get: () => settings.get(),
      change: (input: SettingsChange) => settings.change(settingsChangeSchema.parse(input)),
    },
    /** Enqueues due renewals (the schedule calls it; tests pass a far horizon). */
    checkRenewals: (now?: number, horizon?: number) => renewals.check(now, horizon),
    /** Writes missing certificate files from the database and re-applies those vhosts; starts the schedule. */
    async start(hostnameOf: (domainId: number) => Promise<string | null>): Promise<void> {
      const rows = await repo.all();
      const healed = await service.healFiles(hostnameOf);
      if (healed > 0) {
        deps.log.warn("rewrote missing certificate files from the database", { count: healed });
        for (const row of rows) if (row.state === "active") await deps.reapply(row.domainId).catch((err) => deps.log.error("could not re-apply a vhost", { err }));
      }
      try {
        renewals.start(deps.config.renewCheckCron);
      } catch (err) {
        throw invalid("invalid_cron", `tls.renewCheckCron is not a valid schedule: ${(err as Error).message}`);
      }
    },
    stop: () => renewals.stop(),
  };
}

export type Tls = ReturnType<typeof createTls>;
export type { PublicCertificate } from "./public.ts";
export type { PublicTlsSettings, SettingsChange } from "./settings.ts";
export { settingsChangeSchema } from "./settings.ts";
export type { CertPaths } from "./files.ts";
export type { Challenge, TlsDomain } from "./service.ts";
