// A user deploys an app from the template gallery in a real Chromium, watches the job's
// progress bar and log to the end, opens the app, and reaches it on its private URL.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { launchBrowser, newPage, screenshot } from "../harness/browser";
import { dockerCli, requireDocker } from "../harness/docker";
import { API, DEFAULT_OWNER, REPO_ROOT, setupOwner, startPanel, type Panel } from "../harness/panel";

describe("browser: deploy from the template gallery", () => {
  let panel: Panel;
  let browser: Browser;
  beforeAll(async () => {
    await requireDocker();
    panel = await startPanel({ config: `templatesDir: ${join(REPO_ROOT, "test/fixtures/templates")}\nports:\n  min: 18500\n  max: 18599\n` });
    await setupOwner(panel);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    const ids = (await dockerCli(["ps", "-aq", "--filter", "label=com.docker.compose.project=gallery-app"])).stdout.split("\n").filter(Boolean);
    if (ids.length) await dockerCli(["rm", "-f", ...ids]);
    await dockerCli(["volume", "rm", "gallery-app_data"]).catch(() => undefined);
    await dockerCli(["network", "rm", "gallery-app_default"]).catch(() => undefined);
    await panel?.stop();
  });

  test("gallery -> deploy form -> live job -> running app", async () => {
    const page = await newPage(browser, panel);
    await page.goto("/login");
    await page.getByLabel("Username").fill(DEFAULT_OWNER.username);
    await page.getByLabel("Password").fill(DEFAULT_OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("server-hostname").waitFor();

    await page.goto("/templates");
    const card = page.getByTestId("template-card-two-service");
    await card.waitFor();
    await screenshot(page, "10-template-gallery");
    await card.getByRole("button", { name: /Deploy/ }).or(card.getByRole("link", { name: /Deploy/ })).first().click();

    await page.getByLabel("App name").fill("gallery-app");
    await page.getByLabel("Greeting").fill("hi from the browser");
    await screenshot(page, "11-deploy-form");
    await page.getByRole("button", { name: "Deploy", exact: true }).click();

    // The job drawer shows the progress bar moving and the compose output, then success.
    const bar = page.getByTestId("job-progress");
    await bar.waitFor({ timeout: 20_000 });
    await page.getByText(/Creating gallery-app/).first().waitFor({ timeout: 60_000 });
    await screenshot(page, "12-deploy-job");
    await page.getByText(/succeeded/i).first().waitFor({ timeout: 90_000 });

    // The app page: running, with its private URL, which answers.
    await page.goto("/apps");
    await page.getByRole("link", { name: "gallery-app" }).first().click();
    const status = page.getByTestId("app-status");
    await status.waitFor();
    await page.getByTestId("app-status").filter({ hasText: /running/i }).waitFor({ timeout: 30_000 });
    const url = await page.getByTestId("app-url").first().getAttribute("href");
    expect(url).toMatch(/^http:\/\/[\d.]+:185\d\d\/?$/);
    const port = new URL(url!).port;
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("hi from the browser from web\n");
    await screenshot(page, "13-app-running");
    expect(page.problems.filter((p) => !p.includes("401") && !p.includes("ERR_ABORTED"))).toEqual([]);
  }, 180_000);
});
