// Adding and revoking a remote server in a real Chromium against the compiled binary: the
// one-time command from the dialog registers a real agent, the row turns Online with live
// load, and revoking (typing the name) drops it. Screenshots land in test/artifacts/.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, newPage, screenshot } from "../harness/browser";
import { DEFAULT_OWNER, serverkitBin, setupOwner, startPanel, type Panel } from "../harness/panel";

let panel: Panel;
let browser: Browser;
let page: Page & { problems: string[] };
let agent: Subprocess<"ignore", "pipe", "pipe"> | undefined;
let agentLog = "";
const agentDir = mkdtempSync(join(tmpdir(), "sk-e2e-uiagent-"));

beforeAll(async () => {
  panel = await startPanel();
  await setupOwner(panel);
  browser = await launchBrowser();
  page = await newPage(browser, panel);
}, 60_000);
afterAll(async () => {
  if (agent && agent.exitCode === null) agent.kill("SIGKILL");
  await browser?.close();
  await panel?.stop();
  rmSync(agentDir, { recursive: true, force: true });
});

describe("browser: servers", () => {
  test("add a server, run its one-time command, see it online, revoke it", async () => {
    await page.goto("/login");
    await page.getByLabel("Username").fill(DEFAULT_OWNER.username);
    await page.getByLabel("Password").fill(DEFAULT_OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "Servers", exact: true }).click();
    await page.getByRole("heading", { name: "Servers" }).waitFor();
    await page.getByRole("cell", { name: /This server/ }).waitFor({ timeout: 60_000 });

    await page.getByRole("button", { name: "Add server" }).click();
    await page.getByLabel("Name").fill("web-2");
    await page.getByRole("dialog").getByRole("button", { name: "Add server" }).click();
    const command = (await page.getByTestId("agent-command").textContent({ timeout: 15_000 }))!.trim();
    expect(command).toMatch(new RegExp(`^serverkit agent --token=[A-Za-z0-9_-]{43} --panel ${panel.url}$`));
    expect(await page.getByTestId("agent-install").textContent()).toContain("systemctl enable --now serverkit-agent");
    await screenshot(page, "servers-01-add-dialog");
    await page.getByRole("button", { name: "Done" }).click();
    await page.getByText("Waiting for agent").waitFor();

    // Run exactly what the dialog said, on "the other server" (this machine, another data dir).
    const args = command.split(" ").slice(1);
    agent = Bun.spawn([serverkitBin(), ...args, "--data-dir", agentDir, "--allow-insecure"], { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
    for (const s of [agent.stdout, agent.stderr]) void (async () => {
      for await (const chunk of s) agentLog += new TextDecoder().decode(chunk);
    })();
    const row = page.locator("tr", { hasText: "web-2" });
    // If it never comes online, what the agent said is the first thing to read.
    await row.getByText("Online").waitFor({ timeout: 120_000 }).catch((err) => {
      throw new Error(`${(err as Error).message}\nagent exit ${agent?.exitCode}; it said:\n${agentLog.slice(-3000)}`);
    });
    await row.getByText(/CPU \d/).waitFor({ timeout: 150_000 }); // load sampling is slow on a busy machine
    await screenshot(page, "servers-02-online");

    await row.getByRole("button", { name: "Revoke" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("textbox").fill("web-2");
    await dialog.getByRole("button", { name: "Revoke server" }).click();
    await row.getByText("Revoked").waitFor({ timeout: 15_000 });
    expect(await agent.exited).toBe(3);
    await screenshot(page, "servers-03-revoked");
    expect(page.problems).toEqual([]);
  }, 420_000);
});
