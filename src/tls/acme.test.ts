// issueCertificate against a real pebble CA: HTTP-01 answered by a real nginx serving the ACME
// webroot, DNS-01 through the Cloudflare stand-in into pebble-challtestsrv's DNS.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { X509Certificate, createPrivateKey } from "node:crypto";
import { crypto as acmeCrypto } from "acme-client";
import { Resolver } from "node:dns/promises";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DomainError } from "../lib/errors.ts";
import { log as rootLog } from "../lib/log.ts";
import { VhostFiles } from "../proxy/apply.ts";
import { defaultOptions, vhost, vhostFileName } from "../proxy/model.ts";
import { render } from "../proxy/render.ts";
import { fetchVia, startNginx, upstream, type TestNginx } from "../proxy/testing.ts";
import { issueCertificate, type AcmeRequest, type AcmeResult } from "./acme.ts";
import { startCloudflareStandIn, startPebble, type CloudflareStandIn, type TestPebble } from "./testing.ts";

const CF_TOKEN = "cf-test-token";
let nginx: TestNginx;
let pebble: TestPebble;
let cloudflare: CloudflareStandIn;
let app: ReturnType<typeof upstream>;

beforeAll(async () => {
  nginx = await startNginx();
  pebble = await startPebble({ httpPort: nginx.httpPort });
  cloudflare = startCloudflareStandIn({ token: CF_TOKEN, zones: ["wild.test"], challtestsrvUrl: pebble.challtestsrvUrl, nameServers: [`127.0.0.1:${pebble.dnsPort}`] });
  app = upstream("app");
  const v = vhost({
    hostname: "app.acme.test",
    aliases: ["www.app.acme.test"],
    upstreamPort: app.port!,
    options: defaultOptions(),
    paths: { logDir: nginx.paths.logDir, acmeWebroot: nginx.paths.acmeWebroot },
    listen: { http: nginx.httpPort, https: nginx.paths.httpsPort },
  });
  await new VhostFiles(nginx.paths, rootLog.child({ test: "acme" })).apply(vhostFileName(v.hostname), render(v));
  await fetchVia(nginx.httpPort, "app.acme.test", (body) => body.startsWith("app "));
});

afterAll(async () => {
  await cloudflare?.stop();
  await pebble?.stop();
  await nginx?.stop();
  await app?.stop(true);
});

/** A request against the test pebble with its HTTPS CA trusted; `lines` collects the log. */
function request(over: Partial<AcmeRequest>): AcmeRequest & { lines: string[] } {
  const lines: string[] = [];
  return {
    directoryUrl: pebble.directoryUrl,
    accountKeyPem: null,
    email: "ops@acme.test",
    names: ["app.acme.test"],
    challenge: "http-01",
    webroot: nginx.paths.acmeWebroot,
    caBundlePem: pebble.caPem,
    timeouts: { validationMs: 5_000, dnsPropagationMs: 3_000 },
    ...over,
    log: (l) => lines.push(l),
    lines,
  };
}

const sans = (pem: string) => new X509Certificate(pem).subjectAltName?.split(", ").sort();

/** The chain the CA sent verifies link by link up to pebble's issuing root. */
async function expectChainToRoot(certPem: string) {
  const chain = certPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)!.map((p) => new X509Certificate(p));
  chain.push(new X509Certificate(await pebble.roots()));
  for (let i = 0; i + 1 < chain.length; i++) {
    expect(chain[i]!.checkIssued(chain[i + 1]!)).toBe(true);
    expect(chain[i]!.verify(chain[i + 1]!.publicKey)).toBe(true);
  }
}

const challengeDir = (webroot: string) => join(webroot, ".well-known", "acme-challenge");
const challengeFiles = (webroot: string) => (existsSync(challengeDir(webroot)) ? readdirSync(challengeDir(webroot)) : []);

async function failure(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

/**
 * A Cloudflare stand-in whose records never reach any DNS (its "challtestsrv" is a sink), while
 * the zone's nameserver is pebble's DNS: the records are never served.
 */
async function withDeafCloudflare(fn: (cf: CloudflareStandIn) => Promise<void>) {
  const sink = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("ok") });
  const cf = startCloudflareStandIn({ token: CF_TOKEN, zones: ["wild.test"], challtestsrvUrl: `http://127.0.0.1:${sink.port}`, nameServers: [`127.0.0.1:${pebble.dnsPort}`] });
  try {
    await fn(cf);
  } finally {
    await cf.stop();
    await sink.stop(true);
  }
}

describe("HTTP-01 through nginx", () => {
  let first: AcmeResult;

  test("issues a certificate for the vhost's names with a new account", async () => {
    const fractions: number[] = [];
    const req = request({ names: ["app.acme.test", "www.app.acme.test"], progress: (f) => fractions.push(f) });
    first = await issueCertificate(req);

    const leaf = new X509Certificate(first.certPem);
    expect(sans(first.certPem)).toEqual(["DNS:app.acme.test", "DNS:www.app.acme.test"]);
    expect(leaf.subject).toContain("CN=app.acme.test");
    expect(leaf.checkPrivateKey(createPrivateKey(first.keyPem))).toBe(true);
    await expectChainToRoot(first.certPem);
    expect(first.accountKeyPem).toContain("PRIVATE KEY");
    expect(first.accountUrl).toStartWith("https://localhost:");

    expect(challengeFiles(nginx.paths.acmeWebroot)).toEqual([]);
    expect(req.lines).toContain("Creating order for app.acme.test, www.app.acme.test");
    expect(req.lines).toContain("HTTP-01 token for app.acme.test written");
    expect(req.lines).toContain("HTTP-01 token for www.app.acme.test removed");
    expect(req.lines.some((l) => l.startsWith("Waiting for validation"))).toBe(true);
    expect(req.lines.some((l) => l.startsWith("Registered a new ACME account"))).toBe(true);
    expect(fractions.at(-1)).toBe(1);
  });

  test("re-issues with the stored account key and URL: same account, new certificate", async () => {
    // A bundle of several PEM certificates, as an operator's CA file would hold.
    const req = request({ accountKeyPem: first.accountKeyPem, accountUrl: first.accountUrl, email: null, caBundlePem: `${await pebble.roots()}\n${pebble.caPem}` });
    const again = await issueCertificate(req);

    expect(again.accountUrl).toBe(first.accountUrl);
    expect(again.accountKeyPem).toBe(first.accountKeyPem);
    expect(req.lines).toContain(`Using the ACME account ${first.accountUrl}`);
    expect(new X509Certificate(again.certPem).serialNumber).not.toBe(new X509Certificate(first.certPem).serialNumber);
    expect(again.keyPem).not.toBe(first.keyPem);
    expect(sans(again.certPem)).toEqual(["DNS:app.acme.test"]);
    expect(challengeFiles(nginx.paths.acmeWebroot)).toEqual([]);
  });

  test("a stale stored account URL is replaced by the key's real account; a new email updates its contact", async () => {
    const req = request({ accountKeyPem: first.accountKeyPem, accountUrl: "https://localhost:1/my-account/gone", email: "new@acme.test" });
    const again = await issueCertificate(req);
    expect(again.accountUrl).toBe(first.accountUrl);
    expect(req.lines).toContain(`Using the ACME account ${first.accountUrl} (the stored URL https://localhost:1/my-account/gone was stale)`);
    expect(req.lines).toContain("Account contact set to new@acme.test");
  });

  test("a stored key this CA has never seen registers a new account", async () => {
    const unknownKey = (await acmeCrypto.createPrivateEcdsaKey()).toString();
    const req = request({ accountKeyPem: unknownKey, accountUrl: first.accountUrl, email: null });
    const res = await issueCertificate(req);
    expect(res.accountKeyPem).toBe(unknownKey);
    expect(res.accountUrl).not.toBe(first.accountUrl);
    expect(req.lines).toContain(`Registered a new ACME account: ${res.accountUrl}`);
  });
});

describe("DNS-01 through Cloudflare", () => {
  test("issues a wildcard certificate and removes the TXT records afterwards", async () => {
    cloudflare.calls.length = 0;
    const req = request({ names: ["wild.test", "*.wild.test"], challenge: "dns-01", cloudflare: { apiBase: cloudflare.apiBase, token: CF_TOKEN } });
    const res = await issueCertificate(req);

    expect(sans(res.certPem)).toEqual(["DNS:*.wild.test", "DNS:wild.test"]);
    await expectChainToRoot(res.certPem);
    const creates = cloudflare.calls.filter((c) => c.method === "POST");
    expect(creates.map((c) => (c.body as { type: string; name: string }).name)).toEqual(["_acme-challenge.wild.test", "_acme-challenge.wild.test"]);
    expect(creates.every((c) => (c.body as { type: string }).type === "TXT")).toBe(true);
    expect(cloudflare.calls.filter((c) => c.method === "DELETE")).toHaveLength(2);
    expect(cloudflare.records()).toEqual([]);
    expect(req.lines).toContain("DNS-01 TXT record _acme-challenge.wild.test for *.wild.test created in Cloudflare zone wild.test");
    expect(req.lines).toContain("Waiting for the zone's nameservers to serve the TXT records");
    expect(req.lines.some((l) => l.startsWith("Not every nameserver"))).toBe(false);

    // Nothing left in the DNS pebble validated against.
    const dns = new Resolver();
    dns.setServers([`127.0.0.1:${pebble.dnsPort}`]);
    const txt = await dns.resolveTxt("_acme-challenge.wild.test").catch((e: { code: string }) => e.code);
    expect(txt === "ENOTFOUND" || txt === "ENODATA").toBe(true);
  });

  test("cancelling while waiting for the nameservers stops at once and removes the records", async () => {
    await withDeafCloudflare(async (cf) => {
      const abort = new AbortController();
      const reason = new Error("job cancelled");
      const req = request({
        names: ["wild.test"],
        challenge: "dns-01",
        cloudflare: { apiBase: cf.apiBase, token: CF_TOKEN },
        timeouts: { validationMs: 5_000, dnsPropagationMs: 30_000 },
        signal: abort.signal,
      });
      const started = Date.now();
      const outcome = await issueCertificate({
        ...req,
        log: (l) => {
          req.log(l);
          if (l.startsWith("Waiting for the zone's nameservers")) setTimeout(() => abort.abort(reason), 300);
        },
      }).catch((e: unknown) => e);
      expect(outcome).toBe(reason);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(cf.records()).toEqual([]);
      expect(req.lines).toContain("DNS-01 TXT record _acme-challenge.wild.test for wild.test removed");
    });
  });

  test("records the nameservers never serve: asks the CA after the wait, which names the missing TXT record", async () => {
    await withDeafCloudflare(async (cf) => {
      const req = request({ names: ["wild.test"], challenge: "dns-01", cloudflare: { apiBase: cf.apiBase, token: CF_TOKEN }, timeouts: { validationMs: 5_000, dnsPropagationMs: 1_200 } });
      const err = await failure(issueCertificate(req));
      expect(req.lines).toContain("Not every nameserver served the records after 1 s; asking the CA anyway");
      expect(err.code).toBe("acme_failed");
      // pebble's own problem detail and type, then where the CA looked.
      expect(err.message).toBe("DNS-01 validation of wild.test failed: No TXT records found for DNS challenge [unauthorized]. The CA looks up the TXT record _acme-challenge.wild.test.");
      expect(cf.records()).toEqual([]);
    });
  });
});

describe("failures name their cause", () => {
  test("a wildcard with HTTP-01 is refused before any network call", async () => {
    let hits = 0;
    const ca = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => (hits++, new Response("{}")) });
    try {
      const err = await failure(issueCertificate(request({ directoryUrl: `http://127.0.0.1:${ca.port}/dir`, names: ["*.app.acme.test"] })));
      expect(err.code).toBe("wildcard_needs_dns");
      expect(err.message).toContain("*.app.acme.test");
      const bad = await failure(issueCertificate(request({ directoryUrl: `http://127.0.0.1:${ca.port}/dir`, names: ["app.*.acme.test"], challenge: "dns-01" })));
      expect(bad.code).toBe("invalid_certificate_name");
      expect(hits).toBe(0);
    } finally {
      await ca.stop(true);
    }
  });

  test("a wrong Cloudflare token fails with Cloudflare's own complaint", async () => {
    cloudflare.calls.length = 0;
    const req = request({ names: ["wild.test"], challenge: "dns-01", cloudflare: { apiBase: cloudflare.apiBase, token: "wrong" } });
    const err = await failure(issueCertificate(req));
    expect(err.code).toBe("cloudflare_token_refused");
    expect(err.message).toContain("Cloudflare refused the token");
    expect(err.message).toContain("Invalid API Token (code 1000)");
    expect(cloudflare.calls.filter((c) => c.method !== "GET")).toEqual([]);
  });

  test("a name outside every Cloudflare zone says which zones were tried", async () => {
    const err = await failure(issueCertificate(request({ names: ["x.other.test"], challenge: "dns-01", cloudflare: { apiBase: cloudflare.apiBase, token: CF_TOKEN } })));
    expect(err.code).toBe("cloudflare_zone_not_found");
    expect(err.message).toContain("tried x.other.test, other.test");
  });

  test("HTTP-01 with a webroot nginx does not serve fails fast with the CA's problem detail", async () => {
    const webroot = mkdtempSync(join(tmpdir(), "sk-acme-unserved-"));
    try {
      const started = Date.now();
      const err = await failure(issueCertificate(request({ webroot })));
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(err.code).toBe("acme_failed");
      expect(err.message).toContain("HTTP-01 validation of app.acme.test failed");
      expect(err.message).toContain("404"); // pebble's own detail: what nginx answered
      expect(challengeFiles(webroot)).toEqual([]);
    } finally {
      rmSync(webroot, { recursive: true, force: true });
    }
  });

  test("an ACME server whose HTTPS certificate is not trusted is reported at once", async () => {
    const started = Date.now();
    const err = await failure(issueCertificate(request({ caBundlePem: null })));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(err.code).toBe("acme_unreachable");
    expect(err.message).toContain(pebble.directoryUrl);
    expect(err.message).toContain("not trusted");
  });

  test("a directory URL that is not an ACME directory is reported with its HTTP status", async () => {
    const site = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("no", { status: 503 }) });
    try {
      const url = `http://127.0.0.1:${site.port}/dir`;
      const err = await failure(issueCertificate(request({ directoryUrl: url })));
      expect(err.code).toBe("acme_unreachable");
      expect(err.message).toBe(`Could not reach the ACME directory ${url}: HTTP 503`);
      expect((await failure(issueCertificate(request({ directoryUrl: "ftp://ca.test/dir" })))).message).toContain("must start with https://");
    } finally {
      await site.stop(true);
    }
  });

  test("concurrent issuances each keep their own CA trust", async () => {
    // The untrusted one starts first and finishes first: without serialising, its clean-up would
    // take the extra CA away from the trusted one while that is still talking to the CA.
    const [untrusted, trusted] = await Promise.allSettled([issueCertificate(request({ caBundlePem: null })), issueCertificate(request({}))]);
    expect(trusted.status).toBe("fulfilled");
    expect(untrusted.status === "rejected" && (untrusted.reason as DomainError).code).toBe("acme_unreachable");
  });
});
