// Renewal: on a croner schedule, every ACME certificate that expires within `renewBeforeDays`
// and whose backoff has passed gets a tls.issue job. The check itself takes `now` so tests can
// treat certificates as close to expiry without waiting years.
import { Cron } from "croner";
import type { Logger } from "../lib/log.ts";
import type { Challenge } from "./service.ts";
import type { TlsRepo } from "./repo.ts";

export interface RenewalDeps {
  repo: TlsRepo;
  renewBeforeMs: number;
  jobState(jobId: string): Promise<string | null>;
  enqueue(domainId: number, challenge: Challenge): Promise<string>;
  log: Logger;
}

export class Renewals {
  private cron: Cron | null = null;
  private running = false;

  constructor(private readonly d: RenewalDeps) {}

  /**
   * Enqueues the due renewals; returns the domain ids it started jobs for. `horizon` (default
   * now + renewBeforeDays) lets a test treat certificates as close to expiry without waiting.
   */
  async check(now = Date.now(), horizon = now + this.d.renewBeforeMs): Promise<number[]> {
    const started: number[] = [];
    for (const { cert, hostname } of await this.d.repo.renewable(horizon)) {
      if (cert.nextAttemptAt !== null && cert.nextAttemptAt > now) continue;
      if (cert.jobId) {
        const state = await this.d.jobState(cert.jobId);
        if (state === "queued" || state === "running") continue;
      }
      try {
        await this.d.enqueue(cert.domainId, (cert.challenge as Challenge | null) ?? "http-01");
        started.push(cert.domainId);
        this.d.log.info("certificate renewal started", { hostname, notAfter: cert.notAfter });
      } catch (err) {
        this.d.log.error("could not start a certificate renewal", { hostname, err });
      }
    }
    return started;
  }

  start(pattern: string): void {
    // protect: a slow check is not overlapped by the next tick.
    this.cron = new Cron(pattern, { protect: true }, async () => {
      if (this.running) return;
      this.running = true;
      try {
        await this.check();
      } catch (err) {
        this.d.log.error("certificate renewal check failed", { err });
      } finally {
        this.running = false;
      }
    });
  }

  stop(): void {
    this.cron?.stop();
    this.cron = null;
  }
}
