// The log viewer in Chromium against the compiled binary with real Docker: a container prints
// ANSI-coloured lines and then ticks; its colours show as styled spans, scrolling up stops the
// view from following (a pill counts the new lines), the pill brings it back to the bottom and
// following; a history search over the last hour shows only the matching lines, highlighted.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, newPage, screenshot } from "../harness/browser";
import { dockerCli, requireDocker, TEST_IMAGE, TEST_LABEL } from "../harness/docker";
import { DEFAULT_OWNER, setupOwner, startPanel, type Panel } from "../harness/panel";

const CONTAINER = `sk-e2e-logs-${process.pid}`;
// 40 filler lines (enough to scroll), two coloured lines, then a tick a second. The viewer
// starts from the last 100 lines: the page must open within 58 ticks, a minute.
const FILLER = 40;
const SCRIPT = [
  "i=0",
  `while [ $i -lt ${FILLER} ]; do echo "INFO filler $i"; i=$((i+1)); done`,
  "printf '\\033[31mERROR red boom\\033[0m\\n'",
  "printf '\\033[1;32mINFO green ok\\033[0m\\n'",
  'while true; do echo "tick $i"; i=$((i+1)); sleep 1; done',
].join("; ");

let panel: Panel;
let browser: Browser;
let page: Page & { problems: string[] };

beforeAll(async () => {
  await requireDocker();
  await dockerCli(["rm", "-f", CONTAINER]);
  panel = await startPanel();
  await setupOwner(panel);
  browser = await launchBrowser();
  page = await newPage(browser, panel);
  page.setDefaultTimeout(60_000); // a busy 2-core machine: wait on real conditions, generously
}, 120_000);

afterAll(async () => {
  await dockerCli(["rm", "-f", CONTAINER]);
  await browser?.close();
  await panel?.stop();
}, 60_000);

/** Distance from the bottom of the log box, and how many lines it shows. */
const view = () =>
  page.getByTestId("log-view").evaluate((el) => ({
    fromBottom: el.scrollHeight - el.scrollTop - el.clientHeight,
    top: el.scrollTop,
    scrollable: el.scrollHeight > el.clientHeight,
    lines: el.querySelectorAll("[data-testid=log-line]").length,
  }));
const lastLine = () => page.getByTestId("log-line").last().textContent();

/** Polls a condition on the page until it holds (the machine may be slow; no fixed sleeps). */
async function until(check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`condition not met in ${ms} ms`);
    await Bun.sleep(100);
  }
}

describe("browser: log viewer", () => {
  test("sign in and open the container's logs", async () => {
    await page.goto("/login");
    await page.getByLabel("Username").fill(DEFAULT_OWNER.username);
    await page.getByLabel("Password").fill(DEFAULT_OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("server-hostname").waitFor();
    await page.goto("/containers");
    await page.getByRole("heading", { name: "Docker" }).first().waitFor();
    const run = await dockerCli(["run", "-d", "--name", CONTAINER, "--label", `${TEST_LABEL}=e2e-logs`, TEST_IMAGE, "sh", "-c", SCRIPT]);
    if (run.exitCode !== 0) throw new Error(run.stderr);
    await page.goto(`/containers?container=${CONTAINER}`);
    await page.getByTestId("log-view").getByText(/tick \d+/).first().waitFor();
  }, 180_000);

  test("ANSI colours are rendered as styled spans", async () => {
    const red = page.getByTestId("log-view").locator("span.ansi-fg-1", { hasText: "ERROR red boom" });
    await red.waitFor();
    expect(await red.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).color)).toBe("rgb(255, 123, 114)");
    // bold + green: the bright variant, and bold
    const green = page.getByTestId("log-view").locator("span.ansi-fg-10.ansi-bold", { hasText: "INFO green ok" });
    await green.waitFor();
    expect(await page.getByTestId("log-view").textContent()).not.toContain("\u001b");
  }, 120_000);

  test("scrolling up stops following; the pill counts new lines and brings the view back", async () => {
    await page.getByTestId("log-status").getByText("Following").waitFor();
    await until(async () => {
      const v = await view();
      return v.scrollable && v.fromBottom < 24;
    });
    await page.getByTestId("log-view").evaluate((el) => el.scrollTo({ top: 0 }));
    const pill = page.getByTestId("log-jump");
    await pill.waitFor();
    const before = await view();
    expect(before.top).toBe(0);
    // Lines keep arriving: the view stays where the user put it and the pill counts them.
    await pill.getByText(/· [1-9]\d* new lines?/).waitFor({ timeout: 60_000 });
    const lastAtScroll = await lastLine();
    await until(async () => (await lastLine()) !== lastAtScroll);
    const during = await view();
    expect(during.top).toBe(0);
    expect(during.lines).toBeGreaterThan(before.lines);
    await page.getByTestId("log-status").getByText("Auto-scroll paused").waitFor();
    await screenshot(page, "logs-paused-scroll");

    await pill.click();
    await pill.waitFor({ state: "detached" });
    expect((await view()).fromBottom).toBeLessThan(24);
    // Following again: later lines keep the view at the bottom.
    const lastAtJump = await lastLine();
    await until(async () => (await lastLine()) !== lastAtJump);
    await until(async () => (await view()).fromBottom < 24);
    await page.getByTestId("log-status").getByText("Following").waitFor();
  }, 180_000);

  test("live filter and history search: only matching lines, highlighted; a bad regex says why", async () => {
    await page.getByLabel("Search logs").fill("boom");
    const lines = page.getByTestId("log-line");
    await page.getByTestId("log-status").getByText(/^1 matching line of/).waitFor();
    expect(await lines.count()).toBe(1);
    expect(await lines.first().getByTestId("log-match").textContent()).toBe("boom");

    await page.getByTestId("log-range").click();
    await page.getByRole("option", { name: "Last hour", exact: true }).click();
    await page.getByTestId("log-status").getByText("1 matching line", { exact: true }).waitFor({ timeout: 60_000 });
    expect(await lines.count()).toBe(1);
    expect(await lines.first().textContent()).toContain("ERROR red boom");
    expect(await lines.first().getByTestId("log-match").textContent()).toBe("boom");

    // Level chips narrow the history on the server: filler lines are INFO, ticks have no level.
    await page.getByLabel("Search logs").fill("");
    await page.getByRole("button", { name: "Error" }).click();
    await page.getByTestId("log-status").getByText("1 matching line", { exact: true }).waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: "Error" }).click();
    await page.getByRole("button", { name: "Info" }).click();
    await page.getByTestId("log-status").getByText(`${FILLER + 1} matching lines`, { exact: true }).waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: "Info" }).click();

    await page.getByRole("button", { name: "Regular expression" }).click();
    await page.getByLabel("Search logs").fill("tick (");
    await page.getByTestId("log-search-problem").getByText(/^Invalid regular expression/).waitFor();
    await page.getByLabel("Search logs").fill("^tick [0-9]*5$");
    await page.getByTestId("log-status").getByText(/matching line/).waitFor({ timeout: 60_000 });
    const texts = await lines.allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((t) => /tick \d*5$/.test(t))).toBe(true);
    await screenshot(page, "logs-history-search");

    await page.getByRole("button", { name: "Back to live" }).click();
    await page.getByTestId("log-status").getByText(/matching lines? of/).waitFor();
    expect(page.problems.filter((p) => !p.includes("ERR_ABORTED"))).toEqual([]);
  }, 180_000);
});
