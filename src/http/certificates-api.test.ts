// Certificates through the API against a REAL nginx and a REAL ACME server (pebble): HTTP-01
// through the webroot nginx serves, DNS-01 wildcards through a Cloudflare stand-in, renewal of
// a certificate close to expiry, a failed renewal that backs off and is audited, uploads that
// are validated, and a refused install that leaves the previous certificate serving.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:tls";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { schema } from "../db/index.ts";
import type { ApplyHooks } from "../proxy/index.ts";
import { fetchVia, startNginx, upstream, type TestNginx } from "../proxy/testing.ts";
import { startCloudflareStandIn, startPebble } from "../tls/testing.ts";
import { createTestApp, waitJob as waitJobOf, type TestClient, insertApp as insertAppRow } from "./testing.ts";

type Pebble = Awaited<ReturnType<typeof startPebble>>;
type StandIn = Awaited<ReturnType<typeof startCloudflareStandIn>>;

let nginx: TestNginx;
let pebble: Pebble;
let cloudflare: StandIn;
let t: Awaited<ReturnType<typeof createTestApp>>;
let owner: TestClient;
let operator: TestClient;
let rootsFile: string;
let work: string;
const hooks: ApplyHooks = {};
const app = upstream("tls-app");
let appId: number;
const CF_TOKEN = "cf-test-token-123";

const insertApp = (name: string, port: number) => insertAppRow(t, name, port);

const waitJob = (id: string, ms = 30_000) => waitJobOf(owner, id, ms);

const jobLog = async (id: string) => ((await owner.request("GET", `/jobs/${id}/log`)).body.lines as { text: string }[]).map((l) => l.text).join("\n");

/** The certificate nginx presents for `servername` on the HTTPS port, verified against `ca`. */
function peerCert(servername: string, ca: string): Promise<{ serial: string; subjectaltname: string; authorized: boolean; error: string | null }> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: "127.0.0.1", port: nginx.paths.httpsPort, servername, ca, rejectUnauthorized: false }, () => {
      const c = sock.getPeerCertificate();
      resolve({ serial: c.serialNumber, subjectaltname: c.subjectaltname ?? "", authorized: sock.authorized, error: sock.authorizationError ? String(sock.authorizationError) : null });
      sock.end();
    });
    sock.once("error", reject);
  });
}

/** curl over HTTPS through nginx, trusting only `cafile`, as a user would check it. */
async function curlHttps(host: string, cafile: string, path = "/"): Promise<{ code: number; out: string; err: string }> {
  // Until old workers finish after a reload, a new connection may still meet the previous config.
  const deadline = Date.now() + 5000;
  for (;;) {
    const r = await curlOnce(host, cafile, path);
    if (r.code === 0 || Date.now() > deadline) return r;
    await Bun.sleep(50);
  }
}

async function curlOnce(host: string, cafile: string, path: string): Promise<{ code: number; out: string; err: string }> {
  const port = nginx.paths.httpsPort;
  const proc = Bun.spawn(["curl", "-sS", "--max-time", "5", "--resolve", `${host}:${port}:127.0.0.1`, "--cacert", cafile, `https://${host}:${port}${path}`], {
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, out, err };
}

/** Polls until nginx (reloads are asynchronous) presents a certificate `ok` accepts. */
async function servedCert(host: string, ca: string, ok: (c: Awaited<ReturnType<typeof peerCert>>) => boolean) {
  const deadline = Date.now() + 5000;
  for (;;) {
    // Refused while nginx opens the HTTPS port for the first time.
    const c = await peerCert(host, ca).catch((err) => (Date.now() > deadline ? Promise.reject(err) : null));
    if (c && (ok(c) || Date.now() > deadline)) return c;
    await Bun.sleep(20);
  }
}

async function openssl(args: string[], cwd: string): Promise<void> {
  const proc = Bun.spawn(["openssl", ...args], { cwd, stdout: "pipe", stderr: "pipe" });
  const [err, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) throw new Error(`openssl ${args[0]} failed: ${err}`);
}

/** A private CA -> intermediate -> leaf for `name`, plus a stray key. */
async function makeChain(dir: string, name: string) {
  const o = (args: string[]) => openssl(args, dir);
  const ext = (file: string, text: string) => writeFileSync(join(dir, file), text);
  ext("ca.ext", "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
  ext("leaf.ext", `subjectAltName=DNS:${name}\nextendedKeyUsage=serverAuth\n`);
  await o(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "root.key", "-out", "root.pem", "-days", "30", "-subj", "/CN=Upload Test Root"]);
  await o(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "int.key", "-out", "int.csr", "-subj", "/CN=Upload Test Intermediate"]);
  await o(["x509", "-req", "-in", "int.csr", "-CA", "root.pem", "-CAkey", "root.key", "-CAcreateserial", "-out", "int.pem", "-days", "30", "-extfile", "ca.ext"]);
  await o(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", `/CN=${name}`]);
  await o(["x509", "-req", "-in", "leaf.csr", "-CA", "int.pem", "-CAkey", "int.key", "-CAcreateserial", "-out", "leaf.pem", "-days", "20", "-extfile", "leaf.ext"]);
  await o(["x509", "-req", "-in", "leaf.csr", "-CA", "int.pem", "-CAkey", "int.key", "-CAcreateserial", "-out", "leaf2.pem", "-days", "20", "-extfile", "leaf.ext"]);
  await o(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "other.key"]);
  const r = (f: string) => readFileSync(join(dir, f), "utf8");
  return { root: r("root.pem"), int: r("int.pem"), leaf: r("leaf.pem"), leaf2: r("leaf2.pem"), key: r("leaf.key"), otherKey: r("other.key") };
}

let chain: Awaited<ReturnType<typeof makeChain>>;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "sk-tls-api-"));
  nginx = await startNginx();
  pebble = await startPebble({ httpPort: nginx.httpPort });
  cloudflare = await startCloudflareStandIn({ token: CF_TOKEN, zones: ["wild.test"], challtestsrvUrl: pebble.challtestsrvUrl });
  chain = await makeChain(work, "up.test");
  // Trusted extra CAs: pebble's HTTPS CA (for the directory) and the upload test's root.
  const caBundle = join(work, "ca-bundle.pem");
  writeFileSync(caBundle, `${pebble.caPem.trim()}\n${chain.root.trim()}\n`);
  rootsFile = join(work, "pebble-roots.pem");
  writeFileSync(rootsFile, await pebble.roots());
  const tlsYaml = `tls:\n  directoryUrl: ${JSON.stringify(pebble.directoryUrl)}\n  caBundle: ${JSON.stringify(caBundle)}\n  certDir: ${JSON.stringify(join(work, "certs"))}\n`;
  t = await createTestApp("bun-sqlite", nginx.configYaml + tlsYaml, { proxyHooks: hooks });
  owner = await t.owner();
  operator = await t.userWithRole(owner, "operator");
  appId = await insertApp("tls-app", app.port!);
});

afterAll(async () => {
  await t?.close().catch(() => undefined);
  await cloudflare?.stop().catch(() => undefined);
  await pebble?.stop().catch(() => undefined);
  await nginx?.stop().catch(() => undefined);
  app.stop(true);
  rmSync(work, { recursive: true, force: true });
});

describe("ACME certificates from pebble", () => {
  let id: number;
  let firstSerial: string;

  test("HTTP-01: the job obtains a certificate, nginx serves HTTPS with it and redirects HTTP", async () => {
    const added = await owner.request("POST", "/domains", { appId, hostname: "app.test" });
    expect(added.status).toBe(201);
    id = added.body.domain.id;
    expect(added.body.domain).toMatchObject({ tls: false, certificate: null, appName: "tls-app" });

    const r = await operator.request("POST", `/domains/${id}/certificate`, {});
    expect(r.status).toBe(202);
    expect(r.body.domain.certificate).toMatchObject({ state: "issuing", challenge: "http-01", jobId: r.body.job.id });
    const job = await waitJob(r.body.job.id);
    expect({ status: job.status, error: job.error }).toEqual({ status: "succeeded", error: null });
    expect(await jobLog(job.id)).toContain("app.test");

    const d = (await owner.request("GET", `/domains/${id}`)).body.domain;
    expect(d.tls).toBe(true);
    expect(d.certificate).toMatchObject({ source: "acme", state: "active", names: ["app.test"], lastError: null });
    expect(d.certificate.daysLeft).toBeGreaterThan(30);
    expect(d.certificate.issuer).toMatch(/pebble/i);

    firstSerial = (await servedCert("app.test", readFileSync(rootsFile, "utf8"), (c) => c.authorized)).serial;
    const res = await curlHttps("app.test", rootsFile);
    expect(res).toMatchObject({ code: 0, out: "tls-app host=app.test xfh=app.test" });
    let http = await fetch(`http://127.0.0.1:${nginx.httpPort}/path?q=1`, { headers: { Host: "app.test" }, redirect: "manual" });
    for (let i = 0; i < 100 && http.status !== 301; i++, await Bun.sleep(20)) {
      http = await fetch(`http://127.0.0.1:${nginx.httpPort}/path?q=1`, { headers: { Host: "app.test" }, redirect: "manual" });
    }
    expect(http.status).toBe(301);
    expect(http.headers.get("location")).toBe(`https://app.test:${nginx.paths.httpsPort}/path?q=1`);
    expect(readFileSync(join(work, "certs/app.test/privkey.pem"), "utf8")).toContain("PRIVATE KEY");
  });

  test("a second request while one runs is refused; the key in the database is sealed", async () => {
    const rows = await t.db.db.select().from(schema.certificates).all();
    expect(rows[0]!.keyEnc).not.toContain("PRIVATE KEY");
    const accounts = await t.db.db.select().from(schema.acmeAccounts).all();
    expect(accounts).toHaveLength(1);
    expect(accounts[0]!.keyEnc).not.toContain("PRIVATE KEY");
  });

  test("renewal: a certificate close to expiry gets a renewal job and nginx serves the new one", async () => {
    const started = await t.services.tls.checkRenewals(Date.now(), Date.now() + 10 * 365 * 86_400_000);
    expect(started).toEqual([id]);
    const d = (await owner.request("GET", `/domains/${id}`)).body.domain;
    const job = await waitJob(d.certificate.jobId);
    expect({ status: job.status, error: job.error }).toEqual({ status: "succeeded", error: null });
    const after = (await owner.request("GET", `/domains/${id}`)).body.domain.certificate;
    expect(after.serial).not.toBe(d.certificate.serial);
    const served = await servedCert("app.test", readFileSync(rootsFile, "utf8"), (c) => c.serial !== firstSerial);
    expect(served.serial).not.toBe(firstSerial);
    expect(served.authorized).toBe(true);
    // Not due with the normal 30-day window: nothing new starts.
    expect(await t.services.tls.checkRenewals()).toEqual([]);
  });

  test("a failed renewal keeps the certificate serving, shows the error, backs off and is audited", async () => {
    const before = (await owner.request("GET", `/domains/${id}`)).body.domain.certificate;
    expect((await owner.request("PUT", "/tls/settings", { directoryUrl: "http://127.0.0.1:9/directory" })).status).toBe(200);
    const horizon = Date.now() + 10 * 365 * 86_400_000;
    expect(await t.services.tls.checkRenewals(Date.now(), horizon)).toEqual([id]);
    const job = await waitJob((await owner.request("GET", `/domains/${id}`)).body.domain.certificate.jobId);
    expect(job.status).toBe("failed");
    const cert = (await owner.request("GET", `/domains/${id}`)).body.domain.certificate;
    expect(cert).toMatchObject({ state: "active", serial: before.serial });
    expect(cert.lastError).toBeTruthy();
    expect(Date.parse(cert.nextAttemptAt)).toBeGreaterThan(Date.now() + 30 * 60_000);
    // Backing off: the next check does not retry yet.
    expect(await t.services.tls.checkRenewals(Date.now(), horizon)).toEqual([]);
    const audit = (await owner.request("GET", "/audit?limit=50")).body.items as { action: string; result: string; actor: string }[];
    expect(audit).toContainEqual(expect.objectContaining({ action: "certificates.renew", result: "failure", actor: "system" }));
    expect((await curlHttps("app.test", rootsFile)).code).toBe(0);
    await owner.request("PUT", "/tls/settings", { directoryUrl: pebble.directoryUrl });
  });

  test("DNS-01: a wildcard through the Cloudflare API stand-in", async () => {
    const added = await owner.request("POST", "/domains", { appId, hostname: "wild.test", aliases: ["*.wild.test"] });
    expect(added.status).toBe(201);
    const wid = added.body.domain.id;
    const refused = await owner.request("POST", `/domains/${wid}/certificate`, { challenge: "http-01" });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("wildcard_needs_dns");
    const noToken = await owner.request("POST", `/domains/${wid}/certificate`, {});
    expect(noToken.body.error.code).toBe("cloudflare_token_missing");

    expect((await operator.request("PUT", "/tls/settings", { cloudflare: { token: CF_TOKEN } })).status).toBe(403);
    const set = await owner.request("PUT", "/tls/settings", { cloudflare: { apiBase: cloudflare.apiBase, token: CF_TOKEN } });
    expect(set.body.cloudflare).toEqual({ apiBase: cloudflare.apiBase, tokenSet: true });
    expect(JSON.stringify(set.body)).not.toContain(CF_TOKEN);

    const r = await owner.request("POST", `/domains/${wid}/certificate`, {});
    expect(r.status).toBe(202);
    const job = await waitJob(r.body.job.id);
    expect({ status: job.status, error: job.error }).toEqual({ status: "succeeded", error: null });
    const cert = (await owner.request("GET", `/domains/${wid}`)).body.domain.certificate;
    expect(cert.challenge).toBe("dns-01");
    expect([...cert.names].sort()).toEqual(["*.wild.test", "wild.test"]);
    expect(await curlHttps("shop.wild.test", rootsFile)).toMatchObject({ code: 0, out: "tls-app host=shop.wild.test xfh=shop.wild.test" });
    const paths = cloudflare.calls.map((c) => `${c.method} ${c.path.replace(/[0-9a-f]{8,}/g, "ID")}`);
    expect(paths.some((p) => p.startsWith("POST") && p.includes("dns_records"))).toBe(true);
    expect(paths.some((p) => p.startsWith("DELETE") && p.includes("dns_records"))).toBe(true);
  });
});

describe("uploaded certificates", () => {
  let id: number;
  beforeAll(async () => {
    id = (await owner.request("POST", "/domains", { appId, hostname: "up.test" })).body.domain.id;
  });

  const bad: [string, () => { certificate: string; key: string }, string][] = [
    ["a leaf without its intermediate", () => ({ certificate: chain.leaf, key: chain.key }), "chain_incomplete"],
    ["a key that does not match", () => ({ certificate: chain.leaf + chain.int, key: chain.otherKey }), "key_mismatch"],
    ["junk instead of PEM", () => ({ certificate: "hello", key: chain.key }), "invalid_certificate"],
  ];
  for (const [name, body, code] of bad) {
    test(`refuses ${name} (${code}) and changes nothing`, async () => {
      const r = await owner.request("PUT", `/domains/${id}/certificate`, body());
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe(code);
      expect((await owner.request("GET", `/domains/${id}`)).body.domain).toMatchObject({ tls: false, certificate: null });
    });
  }

  test("refuses a certificate for other names", async () => {
    const other = (await owner.request("POST", "/domains", { appId, hostname: "notcovered.test" })).body.domain.id;
    const r = await owner.request("PUT", `/domains/${other}/certificate`, { certificate: chain.leaf + chain.int, key: chain.key });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("names_not_covered");
    expect(r.body.error.message).toContain("notcovered.test");
  });

  test("a valid chain and key are installed and served", async () => {
    const r = await owner.request("PUT", `/domains/${id}/certificate`, { certificate: chain.leaf + chain.int, key: chain.key });
    expect(r.status).toBe(200);
    expect(r.body.domain).toMatchObject({ tls: true, certificate: { source: "upload", state: "active", names: ["up.test"] } });
    expect((await servedCert("up.test", chain.root, (c) => c.authorized)).authorized).toBe(true);
    const rootFile = join(work, "upload-root.pem");
    writeFileSync(rootFile, chain.root);
    expect((await curlHttps("up.test", rootFile)).out).toBe("tls-app host=up.test xfh=up.test");
  });

  test("an install nginx refuses leaves the previous certificate serving", async () => {
    const rootPem = chain.root;
    // The certificate the previous test installed, once nginx's reload has settled on it.
    const installed = String((await owner.request("GET", `/domains/${id}`)).body.domain.certificate.serial).toLowerCase();
    const before = await servedCert("up.test", rootPem, (c) => c.serial.toLowerCase() === installed);
    hooks.afterSwap = () => {
      throw new Error("injected fault");
    };
    const r = await owner.request("PUT", `/domains/${id}/certificate`, { certificate: chain.leaf2 + chain.int, key: chain.key });
    hooks.afterSwap = undefined;
    expect(r.status).toBe(500);
    await Bun.sleep(100); // a wrongly applied reload would show by now
    // nginx reloads asynchronously: the put-back reload has the last word within a few seconds.
    expect((await servedCert("up.test", rootPem, (c) => c.serial === before.serial)).serial).toBe(before.serial);
    expect(readFileSync(join(work, "certs/up.test/fullchain.pem"), "utf8")).toStartWith(chain.leaf.trim());
    const stored = (await owner.request("GET", `/domains/${id}`)).body.domain.certificate;
    expect(before.authorized).toBe(true);
    expect(stored.serial?.toLowerCase()).toBe(before.serial.toLowerCase());
  });

  test("removing the certificate goes back to plain HTTP", async () => {
    const r = await owner.request("DELETE", `/domains/${id}/certificate`);
    expect(r.status).toBe(200);
    expect(r.body.domain).toMatchObject({ tls: false, certificate: null });
    expect((await fetchVia(nginx.httpPort, "up.test", (b) => b.startsWith("tls-app"))).body).toStartWith("tls-app host=up.test");
    expect(existsSync(join(work, "certs/up.test/fullchain.pem"))).toBe(false);
  });

  test("the audit log records certificate actions", async () => {
    const actions = ((await owner.request("GET", "/audit?limit=100")).body.items as { action: string }[]).map((e) => e.action);
    for (const a of ["certificates.issue", "certificates.upload", "certificates.remove", "tls.settings"]) expect(actions).toContain(a);
  });
});

