// The first thing a user does, in a real Chromium against the compiled binary:
// setup owner -> sign out -> sign in -> enrol 2FA -> sign in with a TOTP code ->
// create an API token -> use it. Screenshots land in test/artifacts/.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as OTPAuth from "otpauth";
import type { Browser } from "playwright-core";
import { launchBrowser, newPage, screenshot } from "../harness/browser";
import { API, startPanel, withToken, type Panel } from "../harness/panel";

const OWNER = { username: "alice", password: "alice-long-password-1" };

/** The code an authenticator app shows, for a time step other than `avoidStep` (codes work once). */
async function nextCode(secret: string, avoid?: string): Promise<string> {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });
  for (;;) {
    const code = totp.generate();
    if (code !== avoid) return code;
    await Bun.sleep(1000);
  }
}

describe("browser: sign-up, 2FA and API tokens", () => {
  let panel: Panel;
  let browser: Browser;
  beforeAll(async () => {
    panel = await startPanel();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await panel?.stop();
  });

  test("the whole first-run flow", async () => {
    const page = await newPage(browser, panel);

    // Setup: a fresh panel sends the visitor to the owner form.
    await page.goto("/");
    await page.getByLabel("Username").fill(OWNER.username);
    await page.getByLabel("Password", { exact: true }).fill(OWNER.password);
    const confirm = page.getByLabel("Confirm password");
    if (await confirm.count()) await confirm.fill(OWNER.password);
    await page.getByRole("button", { name: "Create owner account" }).click();
    await page.getByTestId("server-hostname").waitFor({ timeout: 15_000 });
    expect((await page.getByTestId("server-hostname").textContent())?.trim()).toBe((await import("node:os")).hostname());
    await page.waitForTimeout(2500); // let the live graphs draw a few points
    await screenshot(page, "01-dashboard");

    // Sign out, sign back in with the password.
    await page.getByRole("button", { name: /alice|account|user menu/i }).first().click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await page.getByLabel("Username").fill(OWNER.username);
    await page.getByLabel("Password").fill(OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("server-hostname").waitFor();

    // Enrol 2FA from the profile page.
    await page.goto("/settings");
    await page.getByRole("button", { name: "Enable two-factor authentication" }).click();
    const secret = (await page.getByTestId("totp-secret").textContent())!.replace(/\s+/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await screenshot(page, "02-2fa-enrol");
    const enrolCode = await nextCode(secret);
    await page.getByLabel("Authentication code").fill(enrolCode);
    await page.getByRole("button", { name: "Confirm" }).click();
    const codes = page.getByTestId("recovery-codes");
    await codes.waitFor();
    expect((await codes.textContent())!.match(/[a-z2-9]{5}-[a-z2-9]{5}/g)).toHaveLength(10);
    await screenshot(page, "03-recovery-codes");

    // Sign in again: password, then the TOTP step.
    await page.context().clearCookies();
    await page.goto("/login");
    await page.getByLabel("Username").fill(OWNER.username);
    await page.getByLabel("Password").fill(OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByLabel("Authentication code").waitFor();
    await page.getByLabel("Authentication code").fill(await nextCode(secret, enrolCode));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByTestId("server-hostname").waitFor();

    // Create an API token, read it once, use it from outside the browser.
    await page.goto("/settings");
    await page.getByRole("button", { name: "Create token" }).first().click();
    await page.getByLabel("Token name").fill("ci-deploy");
    await page.getByRole("dialog").getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("new-token").textContent())!.trim();
    expect(token).toMatch(/^sk_/);
    await screenshot(page, "04-token-created");
    const api = withToken(panel, token);
    const me = await api.json(`${API}/auth/me`);
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe(OWNER.username);
    expect((await api.json(`${API}/servers/local`)).body.server.id).toBe("local");

    // The audit log saw it all.
    await page.goto("/audit");
    await page.getByText("tokens.create").first().waitFor();
    await screenshot(page, "05-audit");
    // Expected noise: 401s before sign-in, and requests aborted by our own navigations.
    expect(page.problems.filter((p) => !p.includes("401") && !p.includes("ERR_ABORTED"))).toEqual([]);
  }, 120_000);
});
