// The tls.issue job: obtain (or renew) a certificate from the ACME directory chosen in the
// settings, then install it. Resumable: a fresh order after a crash is harmless, and a
// half-done one at the CA simply expires.
import { z } from "zod";
import type { JobKind } from "../jobs/index.ts";
import type { SecretBox } from "../lib/crypto.ts";
import type { TlsRepo } from "./repo.ts";
import type { TlsService } from "./service.ts";
import type { TlsSettings } from "./settings.ts";

const params = z.object({
  domainId: z.number().int().positive(),
  challenge: z.enum(["http-01", "dns-01"]),
  reason: z.enum(["issue", "renew"]).default("issue"),
});
type IssueParams = z.infer<typeof params>;

export interface IssueJobDeps {
  service: TlsService;
  repo: TlsRepo;
  settings: TlsSettings;
  box: SecretBox;
  webroot: string;
  caBundlePem: string | null;
  /** A failed renewal goes into the audit log (nobody is watching a scheduled job). */
  onFailure(p: IssueParams, hostname: string, message: string): Promise<void>;
}

export function issueKind(d: IssueJobDeps): JobKind<IssueParams> {
  return {
    kind: "tls.issue",
    resumable: true,
    params,
    target: (p) => `domain:${p.domainId}`,
    async run(ctx, p) {
      const domain = await d.service.planDomain(p.domainId);
      try {
        const s = await d.settings.effective();
        ctx.log(`${p.reason === "renew" ? "Renewing" : "Obtaining"} a certificate for ${domain.names.join(", ")} from ${s.directoryUrl} (${p.challenge})`);
        const account = await d.repo.account(s.directoryUrl);
        // acme-client (and its HTTP stack) loads on the first issuance, not with every panel start.
        const { issueCertificate } = await import("./acme.ts");
        const issued = await ctx.step("Certificate authority", 85, () =>
          issueCertificate({
            directoryUrl: s.directoryUrl,
            accountKeyPem: account ? d.box.decrypt(account.keyEnc) : null,
            accountUrl: account?.accountUrl ?? null,
            email: s.email,
            names: domain.names,
            challenge: p.challenge,
            webroot: d.webroot,
            cloudflare: s.cloudflare.token ? { apiBase: s.cloudflare.apiBase, token: s.cloudflare.token } : undefined,
            caBundlePem: d.caBundlePem,
            log: (line) => ctx.log(line),
            progress: (fraction, step) => ctx.progress(Math.round(fraction * 85), step),
            signal: ctx.signal,
          }),
        );
        if (!account || account.accountUrl !== issued.accountUrl) {
          await d.repo.saveAccount({
            directoryUrl: s.directoryUrl,
            email: s.email,
            keyEnc: d.box.encrypt(issued.accountKeyPem),
            accountUrl: issued.accountUrl,
            createdAt: Date.now(),
          });
        }
        const row = await ctx.step("Install in nginx", 100, () => d.service.installIssued(domain, issued.certPem, issued.keyPem, p.challenge));
        ctx.log(`Installed: valid until ${new Date(row.notAfter!).toISOString()}, issued by ${row.issuer}`);
        return { hostname: domain.hostname, notAfter: row.notAfter, issuer: row.issuer };
      } catch (err) {
        const message = (err as Error).message;
        await d.service.recordFailure(p.domainId, message);
        await d.onFailure(p, domain.hostname, message);
        throw err;
      }
    },
  };
}
