// Metrics graphs as a user sees them, in Chromium against the compiled binary with real Docker:
// the dashboard's history fills in live (CPU, memory, network with current and average), the
// range picker refetches, an app that burns CPU shows it on its Metrics tab, and the graphs
// stay readable in the dark theme and on a phone-sized screen.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, newPage, screenshot } from "../harness/browser";
import { requireDocker } from "../harness/docker";
import { API, DEFAULT_OWNER, setupOwner, startPanel, type Client, type Panel } from "../harness/panel";

let panel: Panel;
let owner: Client;
let browser: Browser;
let page: Page & { problems: string[] };
let appId: number;

async function waitJob(id: string, ms = 120_000) {
  const end = Date.now() + ms;
  for (;;) {
    const { body } = await owner.json(`${API}/jobs/${id}`);
    if (["succeeded", "failed", "cancelled", "interrupted"].includes(body.job.status)) return body.job;
    if (Date.now() > end) throw new Error(`job ${id} still ${body.job.status}`);
    await Bun.sleep(200);
  }
}

beforeAll(async () => {
  await requireDocker();
  panel = await startPanel({ config: "metrics:\n  intervalSeconds: 2\nports:\n  min: 18300\n  max: 18349\n" });
  owner = await setupOwner(panel);
  browser = await launchBrowser();
  page = await newPage(browser, panel);
}, 60_000);

afterAll(async () => {
  if (appId) {
    const r = await owner.json(`${API}/apps/${appId}`, { method: "DELETE", json: { confirm: "e2e-metrics", removeVolumes: true } }).catch(() => null);
    if (r?.body?.job?.id) await waitJob(r.body.job.id).catch(() => undefined);
  }
  await browser?.close();
  await panel?.stop();
}, 120_000);

describe("browser: metrics", () => {
  test("the dashboard's history fills in live with current and average values", async () => {
    await page.goto("/login");
    await page.getByLabel("Username").fill(DEFAULT_OWNER.username);
    await page.getByLabel("Password").fill(DEFAULT_OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const card = page.locator("section[aria-labelledby='metrics-card-title']");
    await card.waitFor();
    // Either still collecting or already drawing; live samples turn the first into the second.
    await card.getByTestId("metrics-cpu").waitFor({ timeout: 60_000 });
    await expect(card.getByTestId("metrics-memory-current").textContent()).resolves.toMatch(/\d+(\.\d+)? ?%/);
    await expect(card.getByTestId("metrics-cpu").textContent()).resolves.toContain("avg");
    await expect(card.locator("canvas").count()).resolves.toBeGreaterThanOrEqual(3);
    await page.getByTestId("metrics-range").getByText("6h").click();
    await expect(page.getByTestId("metrics-range").getAttribute("data-value")).resolves.toBe("6h");
    await card.getByTestId("metrics-network").waitFor();
    await screenshot(page, "metrics-dashboard");
  }, 120_000);

  test("an app burning CPU shows it on its Metrics tab", async () => {
    const created = await owner.json(`${API}/apps`, {
      method: "POST",
      json: { name: "e2e-metrics", compose: "services:\n  burn:\n    image: local/busybox:test\n    command: [sh, -c, 'while :; do :; done']\n" },
    });
    expect(created.status).toBe(202);
    appId = created.body.app.id;
    expect((await waitJob(created.body.job.id)).status).toBe("succeeded");
    await page.goto(`/apps/${appId}/metrics`);
    const cpu = page.getByTestId("metrics-cpu-current");
    await cpu.waitFor({ timeout: 60_000 });
    // The busy loop shows as CPU in use (how much depends on how busy the machine is).
    const deadline = Date.now() + 60_000;
    // "—" until the first rate exists (two rounds of counters): not a number yet, so keep waiting.
    const value = async () => Number.parseFloat((await cpu.textContent()) ?? "");
    while (!((await value()) > 5) && Date.now() < deadline) await Bun.sleep(500);
    expect(await value()).toBeGreaterThan(5);
    await page.getByTestId("metrics-disk-io").waitFor();
    await screenshot(page, "metrics-app");
  }, 240_000);

  test("dark theme and a phone-sized screen", async () => {
    await page.getByRole("button", { name: "Switch to dark theme" }).first().click();
    await page.waitForTimeout(300);
    await screenshot(page, "metrics-app-dark");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(500);
    // The graphs fit the screen: no horizontal scrolling.
    const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot(page, "metrics-app-phone");
    expect(page.problems).toEqual([]);
  }, 60_000);
});
