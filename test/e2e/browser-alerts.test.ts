// Alerts as a user sets them up, in Chromium against the compiled binary with real Docker: add a
// Slack-compatible channel (a local receiver stands in) and send a test, create a "container
// exited" rule with that channel, make a container exit, and see the alert on the dashboard card,
// the Alerts page and in the receiver; then mute the rule from its menu.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { startReceiver } from "../../src/notify/testing.ts";
import { launchBrowser, newPage, screenshot } from "../harness/browser";
import { dockerCli, requireDocker, TEST_IMAGE, TEST_LABEL } from "../harness/docker";
import { API, DEFAULT_OWNER, setupOwner, startPanel, type Client, type Panel } from "../harness/panel";

const CONTAINER = `sk-e2e-alerts-${process.pid}`;
let panel: Panel;
let owner: Client;
let browser: Browser;
let page: Page & { problems: string[] };
let rx: ReturnType<typeof startReceiver>;

async function choose(trigger: ReturnType<Page["getByRole"]>, option: string): Promise<void> {
  await trigger.click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

beforeAll(async () => {
  await requireDocker();
  rx = startReceiver({ status: 200, body: { ok: true } });
  panel = await startPanel();
  owner = await setupOwner(panel);
  browser = await launchBrowser();
  page = await newPage(browser, panel);
}, 60_000);

afterAll(async () => {
  await dockerCli(["rm", "-f", CONTAINER]);
  await browser?.close();
  await panel?.stop();
  rx?.stop();
}, 60_000);

describe("browser: alerts", () => {
  test("the owner signs in", async () => {
    await page.goto("/login");
    await page.getByLabel("Username").fill(DEFAULT_OWNER.username);
    await page.getByLabel("Password").fill(DEFAULT_OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // The sidebar says we are in; the dashboard's Docker facts can take long on a loaded machine.
    await page.getByTestId("nav-alerts").waitFor({ timeout: 60_000 });
  }, 90_000);

  test("add a channel and send a test message", async () => {
    await page.getByTestId("nav-alerts").click();
    await page.getByRole("tab", { name: "Channels" }).click();
    await page.getByText("No channels yet").waitFor();
    await page.getByTestId("add-channel").first().click();
    const dialog = page.getByRole("dialog", { name: "Add notification channel" });
    await dialog.getByLabel("Name", { exact: true }).fill("team chat");
    await choose(dialog.getByTestId("channel-kind"), "Slack-compatible webhook");
    await dialog.getByLabel("Incoming webhook URL").fill(`${rx.url}/services/T1/B2/token-xyz`);
    await dialog.getByTestId("save-channel").click();
    await dialog.waitFor({ state: "detached" });
    const row = page.getByTestId("channels").getByRole("listitem").filter({ hasText: "team chat" });
    await row.getByText(`Webhook on ${new URL(rx.url).host}`).waitFor();
    expect(await row.textContent()).not.toContain("token-xyz");

    await row.getByRole("button", { name: "Send test" }).click();
    await page.getByText("Test sent", { exact: true }).waitFor();
    const [req] = await rx.waitFor(1);
    expect(req!.path).toBe("/services/T1/B2/token-xyz");
    expect(req!.json.text).toContain("ServerKit test notification (team chat)");
    await row.getByText(/^Last delivered/).waitFor();
    await screenshot(page, "alerts-channels");
  }, 30_000);

  test("create a rule; a container that exits fires it: dashboard card, Alerts page, notification", async () => {
    await page.getByRole("tab", { name: "Rules" }).click();
    await page.getByText("No alert rules yet").waitFor();
    await page.getByTestId("new-rule").first().click();
    const dialog = page.getByRole("dialog", { name: "New alert rule" });
    await dialog.getByLabel("Name", { exact: true }).fill("web died");
    await dialog.getByText("An event", { exact: true }).click();
    await choose(dialog.getByRole("button", { name: /^Event/ }), "Container exited");
    await choose(dialog.getByRole("button", { name: /^Severity/ }), "Critical");
    await choose(dialog.getByRole("button", { name: /^Scope/ }), "Container");
    await dialog.getByLabel("Which one").fill(CONTAINER);
    await dialog.getByLabel("For at least (seconds)").fill("0");
    await dialog.getByLabel(/team chat/).check();
    await screenshot(page, "alerts-new-rule");
    await dialog.getByTestId("save-rule").click();
    await dialog.waitFor({ state: "detached" });
    const rule = page.getByTestId("alert-rules").getByRole("row").filter({ hasText: "web died" });
    await rule.getByText("Container exited").waitFor();
    expect(await rule.textContent()).toContain(`Container ${CONTAINER}`);

    const r = await dockerCli(["run", "-d", "--name", CONTAINER, "--label", `${TEST_LABEL}=e2e-alerts`, TEST_IMAGE, "sh", "-c", "sleep 1; exit 2"]);
    expect(r.exitCode).toBe(0);
    const fired = await rx.waitFor(2, 30_000);
    expect(fired[1]!.json.text).toContain(`container ${CONTAINER} on local: exited.`);

    await page.getByTestId("nav-dashboard").click();
    const card = page.locator("section", { has: page.getByRole("heading", { name: "Alerts firing (1)" }) });
    await card.getByText(`container ${CONTAINER} on local: exited.`).waitFor({ timeout: 30_000 });
    await screenshot(page, "alerts-dashboard-card");

    await card.getByRole("link", { name: "All alerts" }).click();
    await page.getByRole("heading", { name: "Firing now (1)" }).waitFor();
    await page.getByRole("tab", { name: "History" }).click();
    const history = page.getByTestId("alert-history");
    await history.getByText("Firing", { exact: true }).waitFor();
    await history.getByText("Sent", { exact: true }).waitFor();
    await screenshot(page, "alerts-history");
  }, 60_000);

  test("mute the rule from its menu", async () => {
    await page.getByRole("tab", { name: "Rules" }).click();
    const rule = page.getByTestId("alert-rules").getByRole("row").filter({ hasText: "web died" });
    await rule.getByRole("button", { name: "Actions for web died" }).click();
    await page.getByRole("menuitem", { name: "Mute until unmuted" }).click();
    await rule.getByText("Muted", { exact: true }).waitFor();
    const rules = (await owner.json(`${API}/alert-rules`)).body.items;
    expect(rules[0]).toMatchObject({ name: "web died", muted: true, mutedUntil: null });
    expect(page.problems.filter((p) => !p.includes("401"))).toEqual([]);
    await screenshot(page, "alerts-rules");
  }, 30_000);
});
