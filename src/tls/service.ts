// Certificates of domains: install an uploaded or issued pair, remove one, and record what
// happened. Installing writes the files and re-applies the vhost; when nginx refuses, the
// previous files come back, so the domain keeps serving what it served before.
import type { Logger } from "../lib/log.ts";
import type { SecretBox } from "../lib/crypto.ts";
import { cloudflareTokenMissing, jobRunning, noCertificate, wildcardNeedsDns } from "./errors.ts";
import type { CertFiles } from "./files.ts";
import { inspectChain } from "./inspect.ts";
import type { CertificateRow, TlsRepo } from "./repo.ts";
import type { TlsSettings } from "./settings.ts";
import { validateUpload } from "./validate-upload.ts";

/** What the tls domain needs to know about a domain (given by the proxy domain). */
export interface TlsDomain {
  id: number;
  hostname: string;
  /** Every name nginx answers for it: hostname, aliases (maybe wildcards), www counterpart. */
  names: string[];
}

export type Challenge = "http-01" | "dns-01";

export interface TlsServiceDeps {
  repo: TlsRepo;
  box: SecretBox;
  files: CertFiles;
  settings: TlsSettings;
  domain(id: number): Promise<TlsDomain>;
  /** Re-renders and applies the domain's vhost (it picks up the certificate files if present). */
  reapply(domainId: number): Promise<void>;
  /** State of a job, or null when it no longer exists. */
  jobState(jobId: string): Promise<string | null>;
  extraRootsPem: string | null;
  log: Logger;
}

const HOUR = 3_600_000;
/** 1 h, 2 h, 4 h ... capped at a day: a CA outage is not hammered, a fixed DNS is picked up soon. */
export const backoffMs = (failures: number) => Math.min(HOUR * 2 ** Math.max(0, failures - 1), 24 * HOUR);

export class TlsService {
  constructor(private readonly d: TlsServiceDeps) {}

  row = (domainId: number) => this.d.repo.forDomain(domainId);

  planDomain = (domainId: number) => this.d.domain(domainId);

  /** The challenge to use: wildcards force DNS-01; otherwise the caller's choice or HTTP-01. */
  async planIssue(domainId: number, wanted?: Challenge): Promise<{ domain: TlsDomain; challenge: Challenge }> {
    const domain = await this.d.domain(domainId);
    const wildcards = domain.names.filter((n) => n.startsWith("*."));
    if (wildcards.length > 0 && wanted === "http-01") throw wildcardNeedsDns(wildcards);
    const challenge = wanted ?? (wildcards.length > 0 ? "dns-01" : "http-01");
    if (challenge === "dns-01" && !(await this.d.settings.effective()).cloudflare.token) throw cloudflareTokenMissing();
    const row = await this.row(domainId);
    if (row?.jobId) {
      const state = await this.d.jobState(row.jobId);
      if (state === "queued" || state === "running") throw jobRunning(domain.hostname, row.jobId);
    }
    return { domain, challenge };
  }

  /** Marks the row as having a job on the way (creates it in state "issuing" when new). */
  async markJob(domain: TlsDomain, challenge: Challenge, jobId: string): Promise<void> {
    const row = await this.row(domain.id);
    if (row) await this.d.repo.update(domain.id, { challenge, jobId });
    else await this.d.repo.upsert(domain.id, { source: "acme", state: "issuing", challenge, names: JSON.stringify(domain.names), jobId });
  }

  async upload(domainId: number, certPem: string, keyPem: string): Promise<CertificateRow> {
    const domain = await this.d.domain(domainId);
    const valid = validateUpload({ certPem, keyPem, hostnames: domain.names, extraRootsPem: this.d.extraRootsPem });
    return this.install(domain, valid.fullchainPem, valid.keyPem, { source: "upload", challenge: null });
  }

  /** Installs an issued pair (the ACME job's last step). */
  async installIssued(domain: TlsDomain, fullchainPem: string, keyPem: string, challenge: Challenge): Promise<CertificateRow> {
    return this.install(domain, fullchainPem, keyPem, { source: "acme", challenge });
  }

  private async install(domain: TlsDomain, fullchainPem: string, keyPem: string, how: { source: string; challenge: Challenge | null }) {
    const [leaf] = inspectChain(fullchainPem);
    const before = this.d.files.read(domain.hostname);
    this.d.files.write(domain.hostname, fullchainPem, keyPem);
    try {
      await this.d.reapply(domain.id);
    } catch (err) {
      if (before) this.d.files.write(domain.hostname, before.cert, before.key);
      else this.d.files.remove(domain.hostname);
      await this.reloadRestored(domain.id);
      throw err;
    }
    return this.d.repo.upsert(domain.id, {
      ...how,
      state: "active",
      names: JSON.stringify(leaf!.names),
      issuer: leaf!.issuer,
      serial: leaf!.serial,
      notBefore: leaf!.notBefore,
      notAfter: leaf!.notAfter,
      certPem: fullchainPem,
      keyEnc: this.d.box.encrypt(keyPem),
      lastRenewalAt: Date.now(),
      lastError: null,
      failures: 0,
      nextAttemptAt: null,
    });
  }

  /**
   * The vhost rollback may already have reloaded nginx while the new files were in place (the
   * vhost text itself did not change); one more apply makes nginx read the restored files.
   */
  private async reloadRestored(domainId: number): Promise<void> {
    try {
      await this.d.reapply(domainId);
    } catch (err) {
      this.d.log.error("could not reload nginx with the restored certificate files", { err, domainId });
    }
  }

  /** Records a failed issuance or renewal; returns the row as it is now. */
  async recordFailure(domainId: number, message: string): Promise<CertificateRow | undefined> {
    const row = await this.row(domainId);
    if (!row) return undefined;
    const failures = row.failures + 1;
    return this.d.repo.update(domainId, {
      state: row.state === "active" ? "active" : "failed",
      lastError: message.slice(0, 2000),
      failures,
      nextAttemptAt: Date.now() + backoffMs(failures),
    });
  }

  /** Back to plain HTTP: files go, the vhost is re-applied without TLS, the row is deleted. */
  async remove(domainId: number): Promise<void> {
    const domain = await this.d.domain(domainId);
    const row = await this.row(domainId);
    if (!row) throw noCertificate(domain.hostname);
    const before = this.d.files.read(domain.hostname);
    this.d.files.remove(domain.hostname);
    try {
      await this.d.reapply(domainId);
    } catch (err) {
      if (before) this.d.files.write(domain.hostname, before.cert, before.key);
      await this.reloadRestored(domainId);
      throw err;
    }
    await this.d.repo.delete(domainId);
  }

  /** Rewrites missing files of active certificates from the database (a restored or moved panel). */
  async healFiles(hostnameOf: (domainId: number) => Promise<string | null>): Promise<number> {
    let healed = 0;
    for (const row of await this.d.repo.all()) {
      if (row.state !== "active" || !row.certPem || !row.keyEnc) continue;
      const hostname = await hostnameOf(row.domainId);
      if (!hostname || this.d.files.present(hostname)) continue;
      this.d.files.write(hostname, row.certPem, this.d.box.decrypt(row.keyEnc));
      healed++;
    }
    return healed;
  }
}
