// The WordPress card of an app's page, in Chromium against the compiled binary with a real
// WordPress (Debian's package, test/harness/wordpress-image.ts) deployed from the template:
// version, address, plugins and themes; harden wp-config.php (what changed is listed), maintenance
// on and off, an admin password reset shown once (and WordPress accepts it), a site URL dry run
// with its report that writes nothing, and the file permission check.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, newPage, screenshot } from "../harness/browser";
import { dockerCli, requireDocker } from "../harness/docker";
import { API, DEFAULT_OWNER, setupOwner, startPanel, type Client, type Panel } from "../harness/panel";
import { freePort } from "../harness/ports";
import { tagAsWordPressTemplate, wordpressImages } from "../harness/wordpress-image";
import { jobLog, waitJob } from "./backup-support";

const APP = "e2e-wpui";
const DOMAIN = "www.wpui-e2e.test";
const URL_NOW = `https://${DOMAIN}`;

let panel: Panel;
let owner: Client;
let browser: Browser;
let page: Page & { problems: string[] };
let appId: number;
let port: number;
let wordpress: string; // container id

const unexpectedProblems = () => page.problems.filter((p) => !p.includes("401") && !p.includes("ERR_ABORTED"));

/** A request as the TLS proxy in front of the site would make it. */
const visit = (path: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  headers.set("host", DOMAIN);
  headers.set("x-forwarded-proto", "https");
  return fetch(`http://127.0.0.1:${port}${path}`, { ...init, headers, redirect: "manual", signal: AbortSignal.timeout(30_000) });
};

/** PHP inside the WordPress container with WordPress loaded (wp-cli is not packaged). */
async function wp(code: string): Promise<string> {
  const php = `$_SERVER['HTTP_HOST'] = '${DOMAIN}'; $_SERVER['HTTPS'] = 'on'; require '/var/www/html/wp-load.php'; ${code}`;
  const r = await dockerCli(["exec", wordpress, "php", "-r", php], { timeoutMs: 120_000 });
  if (r.exitCode !== 0) throw new Error(`php failed (${r.exitCode}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

async function removeLeftovers(): Promise<void> {
  const ids = (await dockerCli(["ps", "-aq", "--filter", `label=com.docker.compose.project=${APP}`])).stdout.split(/\s+/).filter(Boolean);
  if (ids.length) await dockerCli(["rm", "-f", ...ids]);
  await dockerCli(["volume", "rm", "-f", `${APP}_db`, `${APP}_wordpress`]);
  await dockerCli(["network", "rm", `${APP}_default`]);
}

beforeAll(async () => {
  await requireDocker();
  await wordpressImages(); // prebuilt by scripts/test.sh; building here takes minutes
  await tagAsWordPressTemplate();
  await removeLeftovers();
  panel = await startPanel({ config: "ports:\n  min: 19460\n  max: 19499\n" });
  owner = await setupOwner(panel);
  const created = await owner.json(`${API}/apps`, { method: "POST", json: { name: APP, templateId: "wordpress", variables: { PORT: String(freePort()) } } });
  expect(created.status).toBe(202);
  const job = await waitJob(owner, created.body.job.id, 300_000);
  if (job.status !== "succeeded") throw new Error(`deploy ${job.status}: ${job.error}\n${await jobLog(owner, job.id)}`);
  appId = created.body.app.id;
  const { body } = await owner.json(`${API}/apps/${appId}`);
  port = body.app.ports.find((p: { service: string }) => p.service === "wordpress").hostPort;
  wordpress = body.containers.find((c: { service: string }) => c.service === "wordpress").id;
  // Install over HTTP as a visitor would (redirected to the installer until then).
  const end = Date.now() + 120_000;
  while ((await visit("/").then((r) => r.status, () => 0)) !== 302) {
    if (Date.now() > end) throw new Error("WordPress never answered");
    await Bun.sleep(1000);
  }
  const form = new URLSearchParams({ weblog_title: "WP UI E2E", user_name: "admin", admin_password: "Old-Admin-Pass-1", admin_password2: "Old-Admin-Pass-1", pw_weak: "on", admin_email: "admin@wpui.example", blog_public: "0" });
  expect((await (await visit("/wp-admin/install.php?step=2", { method: "POST", body: form })).text()).includes("Success!")).toBe(true);
  browser = await launchBrowser();
  page = await newPage(browser, panel);
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await panel?.stop();
  await removeLeftovers();
}, 120_000);

describe("browser: WordPress tools", () => {
  const card = () => page.getByTestId("wordpress-card");

  test("the app's page shows the WordPress card: version, address, plugins and themes", async () => {
    await page.goto("/login");
    await page.getByLabel("Username").fill(DEFAULT_OWNER.username);
    await page.getByLabel("Password").fill(DEFAULT_OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("nav-apps").waitFor({ timeout: 60_000 });
    await page.goto(`/apps/${appId}`);
    await card().waitFor({ timeout: 60_000 });
    await card().getByText(URL_NOW, { exact: true }).waitFor();
    await page.getByText(/^WordPress \d+\.\d+/).waitFor();
    const rows = await card().getByTestId("wordpress-extensions").getByRole("row").count();
    expect(rows).toBeGreaterThan(1); // a header and at least the active theme
    await card().getByTestId("wordpress-extensions").getByText("Active", { exact: true }).first().waitFor();
  }, 120_000);

  test("harden lists what changed; maintenance goes on and off", async () => {
    await card().getByTestId("wordpress-harden").click();
    const changes = card().getByTestId("harden-changes");
    await changes.waitFor({ timeout: 60_000 });
    expect(await changes.getByRole("listitem").count()).toBeGreaterThan(0);
    await card().getByText("File editor off").waitFor();

    // The switch's input is visually hidden: its label is what a user clicks.
    await card().getByText("Maintenance mode", { exact: true }).click();
    await page.getByText("Maintenance mode on", { exact: true }).waitFor({ timeout: 60_000 });
    expect((await owner.json(`${API}/apps/${appId}/wordpress`)).body.wordpress.maintenance).toBe(true);
    await card().getByText("Maintenance mode", { exact: true }).click();
    await page.getByText("Maintenance mode off", { exact: true }).waitFor({ timeout: 60_000 });
    expect((await owner.json(`${API}/apps/${appId}/wordpress`)).body.wordpress.maintenance).toBe(false);
    await screenshot(page, "wordpress-card");
  }, 120_000);

  test("an admin password reset is shown once, and WordPress accepts it", async () => {
    await card().getByRole("button", { name: "Reset admin password" }).click();
    const dialog = page.getByRole("dialog", { name: "Reset admin password" });
    await dialog.getByTestId("reset-admin-password").click();
    const shown = dialog.getByTestId("new-admin-password");
    await shown.waitFor({ timeout: 60_000 });
    const password = ((await shown.textContent()) ?? "").trim();
    expect(password.length).toBeGreaterThanOrEqual(16);
    await dialog.getByText("admin", { exact: true }).waitFor();
    const ok = await wp(`$u = wp_authenticate('admin', '${password.replace(/'/g, "\\'")}'); echo is_wp_error($u) ? 'refused' : 'accepted';`);
    expect(ok.trim()).toBe("accepted");
    await dialog.getByRole("button", { name: "Done" }).click();
    await dialog.waitFor({ state: "detached" });
  }, 120_000);

  test("a site URL dry run reports what would change and writes nothing; the permission check answers", async () => {
    await card().getByRole("button", { name: "Change site URL" }).click();
    const dialog = page.getByRole("dialog", { name: "Change site URL" });
    expect(await dialog.getByTestId("site-url-apply").isDisabled()).toBe(true);
    await dialog.getByTestId("site-url").fill("https://new.wpui-e2e.test");
    await dialog.getByTestId("site-url-dry-run").click();
    const job = dialog.getByTestId("site-url-job");
    await job.and(page.locator('[data-status="succeeded"]')).waitFor({ timeout: 120_000 });
    await job.getByText("Dry run done: nothing was written").waitFor();
    // siteurl and home: the two option values a dry run would rewrite.
    await job.getByTestId("search-replace-report").getByRole("row").filter({ has: page.getByRole("cell", { name: "wp_options", exact: true }) }).getByText("option_value 2").waitFor();
    expect(await dialog.getByTestId("site-url-apply").isEnabled()).toBe(true);
    await screenshot(page, "wordpress-site-url-dry-run");
    expect((await owner.json(`${API}/apps/${appId}/wordpress`)).body.wordpress.siteUrl).toBe(URL_NOW);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });

    await card().getByRole("button", { name: "Check file permissions" }).click();
    await card().getByTestId("wordpress-permissions").getByText(/files and folders/).waitFor({ timeout: 60_000 });
    expect(unexpectedProblems()).toEqual([]);
  }, 180_000);
});
