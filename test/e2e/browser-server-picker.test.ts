// The top bar's server picker in a real Chromium against the compiled binary: it shows on pages
// whose resources live on a server, the choice goes into the URL (?server=) and survives a
// reload, a link with ?server= picks that server, and pages not tied to a server do not show it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { generateSigningKey } from "../../src/protocol/index";
import { launchBrowser, newPage, screenshot } from "../harness/browser";
import { API, DEFAULT_OWNER, setupOwner, startPanel, type Panel } from "../harness/panel";

let panel: Panel;
let browser: Browser;
let page: Page & { problems: string[] };
let edgeId = "";

beforeAll(async () => {
  panel = await startPanel();
  const owner = await setupOwner(panel);
  // A second server, registered (so it can be picked) but with no agent running: it shows offline.
  const added = await owner.json(`${API}/servers`, { method: "POST", json: { name: "edge-1", panelUrl: panel.url } });
  if (added.status !== 201) throw new Error(`add server: ${added.status} ${JSON.stringify(added.body)}`);
  const reg = await owner.json(`${API}/agents/register`, { method: "POST", json: { token: added.body.token, publicKey: (await generateSigningKey()).publicKey, facts: null } });
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${JSON.stringify(reg.body)}`);
  edgeId = reg.body.serverId;
  browser = await launchBrowser();
  page = await newPage(browser, panel);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await panel?.stop();
});

const serverParam = () => new URL(page.url()).searchParams.get("server");

describe("browser: server picker", () => {
  test("the picked server is in the URL, survives a reload, and only server pages show the picker", async () => {
    await page.goto("/login");
    await page.getByLabel("Username").fill(DEFAULT_OWNER.username);
    await page.getByLabel("Password").fill(DEFAULT_OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "Apps", exact: true }).click();
    await page.getByRole("heading", { name: "Apps" }).waitFor();
    const trigger = page.getByTestId("server-picker-trigger");
    await page.getByTestId("server-picker-trigger").getByText("This server").waitFor({ timeout: 30_000 });
    await page.waitForURL((u) => u.searchParams.get("server") === "local", { timeout: 15_000 });

    await trigger.click();
    await page.getByRole("option", { name: "edge-1 (offline)" }).click();
    await page.waitForURL((u) => u.searchParams.get("server") === edgeId, { timeout: 15_000 });
    await trigger.getByText("edge-1 (offline)").waitFor();
    await screenshot(page, "server-picker-01-apps-on-edge");

    await page.reload();
    await page.getByTestId("server-picker-trigger").getByText("edge-1 (offline)").waitFor({ timeout: 30_000 });
    expect(serverParam()).toBe(edgeId);

    // Pages that are not about one server: no picker.
    await page.getByRole("link", { name: "Domains", exact: true }).click();
    await page.getByRole("heading", { name: "Domains" }).waitFor();
    expect(await page.getByTestId("server-picker").count()).toBe(0);

    // A link naming a server opens on it; the Docker page keeps the choice in its URL.
    await page.goto("/containers?server=local");
    await page.getByTestId("server-picker-trigger").getByText("This server").waitFor({ timeout: 30_000 });
    await page.getByRole("link", { name: "Apps", exact: true }).click();
    await page.getByRole("heading", { name: "Apps" }).waitFor();
    await page.waitForURL((u) => u.searchParams.get("server") === "local", { timeout: 15_000 });
    await screenshot(page, "server-picker-02-back-on-local");
    // An offline server's lists answer 404 server_offline, which Chromium logs as a failed resource.
    expect(page.problems.filter((p) => !p.includes("Failed to load resource"))).toEqual([]);
  }, 180_000);
});
