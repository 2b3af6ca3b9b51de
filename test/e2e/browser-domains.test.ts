// Domains through the compiled binary in a real Chromium, against a real nginx and a real ACME
// server (pebble): connect a hostname from the app's Domains tab, see it in the Domains list,
// obtain an HTTP-01 certificate and reach the app over HTTPS, diagnose, upload a certificate
// (a wrong key is refused inline first), and share the app through a password-protected
// private URL that stops working once revoked.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { fetchVia, startNginx, type TestNginx } from "../../src/proxy/testing.ts";
import { makePki, type TestPki } from "../../src/tls/test-certs.ts";
import { startPebble, type TestPebble } from "../../src/tls/testing.ts";
import { launchBrowser, newPage, screenshot } from "../harness/browser";
import { dockerCli, requireDocker } from "../harness/docker";
import { API, DEFAULT_OWNER, REPO_ROOT, setupOwner, startPanel, type Client, type Panel } from "../harness/panel";

const APP = "e2e-domains";
const PAGE = "hello from the domains test from web\n";
/** The second domain: the test PKI's leaf certificate covers it. */
const UPLOAD_HOST = "shop.example.com";

let work: string;
let nginx: TestNginx;
let pebble: TestPebble;
let pki: TestPki;
let panel: Panel;
let owner: Client;
let browser: Browser;
let page: Page & { problems: string[] };
let pebbleRoots: string;
let pkiRoot: string;
let appId: number;
let shopId: number;

async function waitJob(id: string, ms = 90_000) {
  const end = Date.now() + ms;
  for (;;) {
    const { body } = await owner.json(`${API}/jobs/${id}`);
    if (!["queued", "running"].includes(body.job.status)) return body.job;
    if (Date.now() > end) throw new Error(`job ${id} still ${body.job.status}`);
    await Bun.sleep(200);
  }
}

/** curl over HTTPS through nginx trusting only `cafile`, as a user would; polls while a reload settles. */
async function curlHttps(host: string, cafile: string, timeoutMs = 5000): Promise<{ code: number; out: string; err: string }> {
  const port = nginx.paths.httpsPort;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const proc = Bun.spawn(["curl", "-sS", "--max-time", "5", "--resolve", `${host}:${port}:127.0.0.1`, "--cacert", cafile, `https://${host}:${port}/`], {
      stdout: "pipe",
      stderr: "pipe",
    });
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    if (code === 0 || Date.now() > deadline) return { code, out, err };
    await Bun.sleep(50);
  }
}

/** GET a URL, polling until `want` holds (nginx reloads are asynchronous). */
async function poll(url: string, want: (status: number) => boolean, headers: Record<string, string> = {}) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const res = await fetch(url, { headers, redirect: "manual" });
    const body = await res.text();
    if (want(res.status) || Date.now() > deadline) return { status: res.status, body };
    await Bun.sleep(20);
  }
}

/** Console errors and failed requests, less the ones that are no fault: the 401 before signing in, polls cancelled by navigation. */
const unexpectedProblems = () => page.problems.filter((p) => !p.includes("401") && !p.includes("ERR_ABORTED"));

/** Page script: push each distinct value of the certificate job's progress bar to window.__progress. */
const RECORD_PROGRESS = `(() => {
  const seen = (window.__progress = []);
  new MutationObserver(() => {
    const bar = document.querySelector('[data-testid="certificate-job-progress"]');
    const value = bar && Number(bar.getAttribute("aria-valuenow"));
    if (bar && seen[seen.length - 1] !== value) seen.push(value);
  }).observe(document.body, { subtree: true, childList: true, attributes: true });
})()`;

/** A screenshot for the README: without the toasts of earlier actions in a corner. */
async function readmeShot(name: string): Promise<string> {
  const style = await page.addStyleTag({ content: '[role="region"][aria-label*="Notifications"] { display: none !important; }' });
  try {
    return await screenshot(page, name);
  } finally {
    await style.evaluate((el) => el.remove());
  }
}

const row = (hostname: string) => page.locator(`[data-testid="domain-row"][data-hostname="${hostname}"]`);

beforeAll(async () => {
  await requireDocker();
  work = mkdtempSync(join(tmpdir(), "sk-e2e-domains-"));
  nginx = await startNginx();
  pebble = await startPebble({ httpPort: nginx.httpPort });
  pki = makePki();
  // Extra trusted roots: pebble's HTTPS CA (its directory) and the root of the uploaded chain.
  const caBundle = join(work, "ca-bundle.pem");
  writeFileSync(caBundle, `${pebble.caPem.trim()}\n${pki.root.trim()}\n`);
  pebbleRoots = join(work, "pebble-roots.pem");
  writeFileSync(pebbleRoots, await pebble.roots());
  pkiRoot = join(work, "pki-root.pem");
  writeFileSync(pkiRoot, pki.root);
  panel = await startPanel({
    config:
      `templatesDir: ${JSON.stringify(join(REPO_ROOT, "test/fixtures/templates"))}\nports:\n  min: 18700\n  max: 18799\n` +
      nginx.configYaml +
      `tls:\n  directoryUrl: ${JSON.stringify(pebble.directoryUrl)}\n  caBundle: ${JSON.stringify(caBundle)}\n`,
  });
  owner = await setupOwner(panel);
  browser = await launchBrowser();
  page = await newPage(browser, panel);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await panel?.stop();
  const ids = (await dockerCli(["ps", "-aq", "--filter", `label=com.docker.compose.project=${APP}`])).stdout.split("\n").filter(Boolean);
  if (ids.length) await dockerCli(["rm", "-f", ...ids]);
  await dockerCli(["volume", "rm", `${APP}_data`]);
  await dockerCli(["network", "rm", `${APP}_default`]);
  await pebble?.stop();
  await nginx?.stop();
  pki?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
}, 60_000);

describe("browser: domains, certificates and private URLs", () => {
  test("the owner signs in; the app is running", async () => {
    const created = await owner.json(`${API}/apps`, { method: "POST", json: { name: APP, templateId: "two-service", variables: { GREETING: "hello from the domains test" } } });
    expect(created.status).toBe(202);
    expect((await waitJob(created.body.job.id)).status).toBe("succeeded");
    appId = created.body.app.id;

    await page.goto("/login");
    await page.getByLabel("Username").fill(DEFAULT_OWNER.username);
    await page.getByLabel("Password").fill(DEFAULT_OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("server-hostname").waitFor();
  }, 120_000);

  test("a domain added on the app's Domains tab is served by nginx", async () => {
    await page.goto(`/apps/${appId}`);
    await page.getByRole("tab", { name: "Domains" }).click();
    await page.getByRole("button", { name: "Add domain" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Hostname").fill("shop.test");
    await dialog.getByRole("button", { name: "Add domain" }).click();
    await dialog.waitFor({ state: "detached" });
    const appRow = page.locator('[data-testid="app-domain-row"][data-hostname="shop.test"]');
    expect(await appRow.getByTestId("https-status").getAttribute("data-state")).toBe("none");
    const served = await fetchVia(nginx.httpPort, "shop.test", (body) => body === PAGE, 5000);
    expect(served).toEqual({ status: 200, body: PAGE });
  }, 30_000);

  test("the Domains page lists it with its app and no HTTPS yet", async () => {
    await page.getByTestId("nav-domains").click();
    const shop = row("shop.test");
    await shop.waitFor();
    shopId = Number(await shop.getAttribute("data-domain-id"));
    expect(await shop.getByRole("link", { name: APP, exact: true }).isVisible()).toBe(true);
    expect(await shop.getByTestId("https-status").getAttribute("data-state")).toBe("none");
    expect(await page.getByTestId("domain-row").count()).toBe(1);
  }, 30_000);

  test("obtaining a certificate over HTTP-01 shows the job, then HTTPS serves the app", async () => {
    await row("shop.test").getByTestId("domain-link").click();
    await page.waitForURL(`**/domains/${shopId}`);
    await page.getByTestId("obtain-certificate-button").click();
    await page.getByTestId("challenge-http-01").check();
    // Issuance against pebble is over in half a second, faster than Playwright polls: record
    // every value the job's progress bar shows from inside the page instead.
    await page.evaluate(RECORD_PROGRESS);
    await page.getByTestId("obtain-certificate-submit").click();

    const badge = page.getByRole("heading", { name: "shop.test" }).locator("..").getByTestId("https-status");
    await badge.and(page.locator('[data-state="active"]')).waitFor({ timeout: 30_000 });
    const progress = (await page.evaluate("window.__progress")) as number[];
    expect(progress.length).toBeGreaterThan(0);
    expect(progress).toEqual(progress.toSorted((a, b) => a - b)); // it never goes back
    const daysLeft = await page.getByTestId("certificate-days-left").textContent();
    expect(Number(/(\d+) days? left/.exec(daysLeft ?? "")?.[1])).toBeGreaterThan(30);
    await readmeShot("domain-certificate");

    const res = await curlHttps("shop.test", pebbleRoots);
    expect(res).toEqual({ code: 0, out: PAGE, err: "" });
  }, 60_000);

  test("diagnose: the checklist passes for a working domain", async () => {
    await page.getByRole("tab", { name: "Diagnose" }).click();
    await page.getByTestId("diagnose-run").click();
    await page.getByTestId("diagnose-check").first().waitFor({ timeout: 20_000 });
    const statuses: Record<string, string | null> = {};
    for (const check of await page.getByTestId("diagnose-check").all()) {
      statuses[(await check.getAttribute("data-check"))!] = await check.getAttribute("data-status");
    }
    expect(statuses).toMatchObject({ container_running: "pass", port_answers: "pass", vhost_port: "pass", nginx_config: "pass" });
    await screenshot(page, "domain-diagnose");
  }, 30_000);

  test("upload: a wrong key is refused in the dialog and changes nothing; the right one is served", async () => {
    const added = await owner.json(`${API}/domains`, { method: "POST", json: { appId, hostname: UPLOAD_HOST } });
    expect(added.status).toBe(201);
    await page.getByTestId("nav-domains").click();
    const up = row(UPLOAD_HOST);
    await up.getByTestId("domain-actions").click();
    await page.getByTestId("upload-certificate").click();

    const dialog = page.getByRole("dialog");
    await dialog.getByTestId("upload-certificate-chain").fill(pki.leaf + pki.intermediate);
    await dialog.getByTestId("upload-certificate-key").fill(pki.otherKey);
    await dialog.getByTestId("upload-certificate-submit").click();
    const refusal = dialog.getByRole("alert").filter({ hasText: "does not belong to the certificate" });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain(`"${UPLOAD_HOST}"`);
    await screenshot(page, "domain-upload-key-mismatch");
    // The refusal is the API's 400, which the browser logs; nothing else went wrong.
    expect(unexpectedProblems()).toEqual(["console: Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
    page.problems.length = 0;
    expect(await dialog.isVisible()).toBe(true);
    expect(await up.getByTestId("https-status").getAttribute("data-state")).toBe("none");
    expect((await owner.json(`${API}/domains/${added.body.domain.id}`)).body.domain).toMatchObject({ tls: false, certificate: null });
    expect((await curlHttps(UPLOAD_HOST, pkiRoot, 0)).code).not.toBe(0);

    await dialog.getByTestId("upload-certificate-key").fill(pki.leafKey);
    await dialog.getByTestId("upload-certificate-submit").click();
    await dialog.waitFor({ state: "detached" });
    await up.locator('[data-testid="https-status"][data-state="active"]').waitFor();
    expect(await curlHttps(UPLOAD_HOST, pkiRoot)).toEqual({ code: 0, out: PAGE, err: "" });
    // The first domain is still served with its ACME certificate.
    expect(await row("shop.test").getByTestId("https-status").getAttribute("data-state")).toBe("active");
    await readmeShot("domains-list");
  }, 30_000);

  test("a private URL with a password, created on the app's Domains tab, stops working once revoked", async () => {
    await page.getByTestId("domain-link").filter({ hasText: "shop.test" }).click();
    await page.getByTestId("domain-app-link").click();
    await page.getByRole("tab", { name: "Domains" }).click();
    await page.getByTestId("private-url-create").click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Protect with a username and password").check();
    await dialog.getByLabel("Username", { exact: true }).fill("client");
    await dialog.getByLabel("Password", { exact: true }).fill("preview-pass-1");
    await dialog.getByTestId("private-url-create-submit").click();
    // The link the user copies: nginx's default server, on the host the panel is reached at.
    const link = (await dialog.getByTestId("new-private-url").textContent()) ?? "";
    expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${nginx.httpPort}/p/[A-Za-z0-9_-]{43}/$`));
    await screenshot(page, "private-url-created");
    await dialog.getByRole("button", { name: "Done" }).click();

    expect((await poll(link, (s) => s === 401)).status).toBe(401);
    const auth = { Authorization: `Basic ${btoa("client:preview-pass-1")}` };
    expect(await poll(link, (s) => s === 200, auth)).toEqual({ status: 200, body: PAGE });

    const urlRow = page.getByTestId("private-url-row");
    expect(await urlRow.getByTestId("private-url-link").getAttribute("href")).toBe(link);
    await urlRow.getByTestId("private-url-revoke").click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke link" }).click();
    await urlRow.waitFor({ state: "detached" });
    expect((await poll(link, (s) => s === 404, auth)).status).toBe(404);
    expect(unexpectedProblems()).toEqual([]);
  }, 30_000);
});
