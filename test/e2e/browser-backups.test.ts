// Databases and backups as a user does them, in Chromium against the compiled binary with real
// parts (PostgreSQL, Docker): register a PostgreSQL server (a wrong password is refused inline
// first), link a database into an app from its Databases tab, create a backup plan to a local
// folder, back up now, change the data, restore, and find the data exactly as backed up.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { startPostgres, type TestPostgres } from "../../src/databases/testing.ts";
import { launchBrowser, newPage, screenshot } from "../harness/browser";
import { requireDocker } from "../harness/docker";
import { API, DEFAULT_OWNER, REPO_ROOT, setupOwner, startPanel, type Client, type Panel } from "../harness/panel";
import { appEnv, appSh, fingerprint, removeAppLeftovers, waitJob, withAppDb } from "./backup-support";

const APP = "e2e-bkui";
const CLONE = `${APP}-staging`; // the name the "Restore as new app" dialog proposes
const DB = "e2e_bkui"; // the name the link dialog proposes for the app
const SERVER = "main-pg";

let work: string;
let pg: TestPostgres;
let panel: Panel;
let owner: Client;
let browser: Browser;
let page: Page & { problems: string[] };
let appId: number;
let env: Record<string, string>;
let backedUp: Awaited<ReturnType<typeof fingerprint>>;

const data = () => fingerprint(APP, pg.conn, env);
/** Console errors and failed requests, less the 401 before signing in and polls cut short by navigation. */
const unexpectedProblems = () => page.problems.filter((p) => !p.includes("401") && !p.includes("ERR_ABORTED"));

/** A screenshot for the README, without the toasts of earlier actions in a corner. */
async function readmeShot(name: string): Promise<string> {
  const style = await page.addStyleTag({ content: '[role="region"][aria-label*="Notifications"] { display: none !important; }' });
  try {
    return await screenshot(page, name);
  } finally {
    await style.evaluate((el) => el.remove());
  }
}

/** The job drawer (opened by actions that start a job). */
const jobDrawer = () => page.getByRole("dialog").filter({ has: page.getByTestId("job-progress") });

/** Picks `option` in the Kobalte select whose trigger is `trigger`. */
async function choose(trigger: ReturnType<Page["getByTestId"]>, option: string): Promise<void> {
  await trigger.click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

beforeAll(async () => {
  await requireDocker();
  work = mkdtempSync(join(tmpdir(), "sk-e2e-bkui-"));
  pg = await startPostgres();
  panel = await startPanel({ config: `templatesDir: ${JSON.stringify(join(REPO_ROOT, "test/fixtures/templates"))}\nports:\n  min: 19150\n  max: 19199\n` });
  owner = await setupOwner(panel);
  const created = await owner.json(`${API}/apps`, { method: "POST", json: { name: APP, templateId: "two-service", variables: { GREETING: "back me up" } } });
  expect(created.status).toBe(202);
  expect((await waitJob(owner, created.body.job.id)).status).toBe("succeeded");
  appId = created.body.app.id;
  await appSh(APP, "head -c 3000000 /dev/urandom > /data/photo.bin && echo 'first post' > /data/post.txt && mkdir -p /data/uploads && echo avatar > /data/uploads/me.txt");
  browser = await launchBrowser();
  page = await newPage(browser, panel);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await panel?.stop();
  await removeAppLeftovers(APP);
  await removeAppLeftovers(CLONE);
  await pg?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
}, 60_000);

describe("browser: databases and backups", () => {
  test("the owner signs in", async () => {
    await page.goto("/login");
    await page.getByLabel("Username").fill(DEFAULT_OWNER.username);
    await page.getByLabel("Password").fill(DEFAULT_OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("server-hostname").waitFor();
  }, 30_000);

  test("add a PostgreSQL server: a wrong password is refused in the dialog, the right one adds it", async () => {
    await page.getByTestId("nav-databases").click();
    await page.getByTestId("add-db-server").first().click();
    const dialog = page.getByRole("dialog", { name: "Add database server" });
    await choose(dialog.getByRole("button", { name: /^Engine/ }), "PostgreSQL");
    await dialog.getByLabel("Name", { exact: true }).fill(SERVER);
    await dialog.getByLabel("Host", { exact: true }).fill(pg.conn.host);
    await dialog.getByLabel("Port", { exact: true }).fill(String(pg.conn.port));
    await dialog.getByLabel("Admin user", { exact: true }).fill(pg.conn.user);
    await dialog.getByLabel("Admin password", { exact: true }).fill("not-the-password");
    await dialog.getByTestId("add-db-server-submit").click();

    const password = dialog.getByLabel("Admin password", { exact: true });
    await password.and(page.locator('[aria-invalid="true"]')).waitFor();
    const errorId = (await password.getAttribute("aria-describedby"))!;
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toMatch(/password authentication failed for user "postgres"/);
    expect(await dialog.isVisible()).toBe(true);
    expect((await owner.json(`${API}/database-servers`)).body.items).toEqual([]);
    // The refusal is the API's 400, which the browser logs; nothing else went wrong.
    expect(unexpectedProblems()).toEqual(["console: Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
    page.problems.length = 0;

    await password.fill(pg.conn.password);
    await dialog.getByTestId("add-db-server-submit").click();
    await dialog.waitFor({ state: "detached" });
    const card = page.locator(`[data-testid="db-server-card"][data-name="${SERVER}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain(`${pg.conn.host}:${pg.conn.port}`);
    await card.getByText("0 databases · 0 B · none linked to apps").waitFor(); // it answered the count query
  }, 30_000);

  test("link a database on the app's Databases tab: the app is redeployed with it", async () => {
    await page.goto(`/apps/${appId}`);
    await page.getByRole("tab", { name: "Databases" }).click();
    await page.getByTestId("link-database").click();
    const dialog = page.getByRole("dialog", { name: "Link database" });
    expect(await dialog.getByLabel("Database", { exact: true }).inputValue()).toBe(DB);
    await dialog.getByTestId("link-database-submit").click();
    await dialog.waitFor({ state: "detached" });
    // The redeploy runs in the job drawer; its toast says when it is over.
    await jobDrawer().getByText("Succeeded", { exact: true }).waitFor({ timeout: 90_000 });
    await page.getByText("Database linked", { exact: true }).waitFor();
    await page.keyboard.press("Escape");
    await jobDrawer().waitFor({ state: "detached" });
    const row = page.locator(`[data-testid="app-db-link-row"][data-name="${DB}"]`);
    await row.waitFor();
    expect(await row.getAttribute("data-prefix")).toBe("DB");
    const jobs = (await owner.json(`${API}/apps/${appId}/jobs`)).body.items as { kind: string; status: string }[];
    expect(jobs[0]).toMatchObject({ kind: "apps.deploy", status: "succeeded" });

    // The server's card on the Databases page now counts the app's database.
    await page.getByTestId("nav-databases").click();
    await page.locator(`[data-testid="db-server-card"][data-name="${SERVER}"]`).getByText(/^1 database · .* · 1 linked to apps$/).waitFor();
    await readmeShot("databases-server");

    env = await appEnv(owner, appId);
    expect(env).toMatchObject({ DB_NAME: DB, DB_PORT: String(pg.conn.port) });
    await withAppDb(pg.conn, env, async (sql) => {
      await sql`CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, note text)`;
      await sql`INSERT INTO items SELECT i, 'item ' || i, CASE WHEN i % 5 = 0 THEN NULL ELSE md5(i::text) END FROM generate_series(1, 500) AS i`;
    });
  }, 120_000);

  test("a plan to a local folder, created in the dialog; Back up now stores volume, files and database", async () => {
    await page.getByTestId("nav-backups").click();
    await page.getByTestId("new-backup-plan").first().click();
    const dialog = page.getByRole("dialog", { name: "New backup plan" });
    await dialog.getByTestId("plan-name").fill("nightly");
    await choose(dialog.getByTestId("plan-app-select"), APP);
    expect(await dialog.getByTestId("plan-storage-kind").getAttribute("data-value")).toBe("local");
    await dialog.getByTestId("plan-local-path").fill(join(work, "backups"));
    await dialog.getByTestId("new-backup-plan-submit").click();
    await dialog.waitFor({ state: "detached" });

    const card = page.locator('[data-testid="backup-plan-card"][data-name="nightly"]');
    await card.waitFor();
    backedUp = await data();
    await card.getByTestId("run-backup").click();
    await jobDrawer().getByText("Succeeded", { exact: true }).waitFor({ timeout: 90_000 });
    await page.keyboard.press("Escape");
    await jobDrawer().waitFor({ state: "detached" });

    await card.getByRole("link", { name: "nightly" }).click();
    const row = page.locator('[data-testid="backup-row"][data-reason="manual"]');
    await row.and(page.locator('[data-status="succeeded"]')).waitFor({ timeout: 30_000 });
    const parts = await row.getByTestId("backup-part").evaluateAll((els) => els.map((e) => `${e.getAttribute("data-kind")} ${e.querySelector(".truncate")?.textContent}`));
    expect(parts).toEqual([`volume ${APP}_data`, "files app files", `database ${DB}`]);
    await readmeShot("backups-plan");
    expect(unexpectedProblems()).toEqual([]);
  }, 120_000);

  test("change the data, restore from the plan's page: the data are exactly as backed up", async () => {
    await appSh(APP, "echo 'edited later' > /data/post.txt && rm -r /data/uploads && echo junk > /data/junk.txt");
    await withAppDb(pg.conn, env, (sql) => sql`UPDATE items SET name = 'changed' WHERE id <= 3`.then(() => sql`DELETE FROM items WHERE id > 400`));
    expect(await data()).not.toEqual(backedUp);

    const row = page.locator('[data-testid="backup-row"][data-reason="manual"]');
    await row.getByTestId("restore-backup").click();
    const dialog = page.getByRole("dialog", { name: `Restore ${APP}` });
    const submit = dialog.getByTestId("restore-confirm-submit");
    expect(await submit.isDisabled()).toBe(true); // until the app's name is typed
    await dialog.getByTestId("restore-confirm-input").fill(APP);
    await submit.click();
    await dialog.waitFor({ state: "detached" });

    const panelBox = page.getByTestId("restore-job");
    await panelBox.and(page.locator('[data-status="succeeded"]')).waitFor({ timeout: 90_000 });
    expect(await panelBox.getByText(`${APP} was restored`).isVisible()).toBe(true);
    expect(await data()).toEqual(backedUp);
    // The restore kept a safety backup of the data it replaced, listed with the plan's backups.
    await page.locator('[data-testid="backup-row"][data-reason="safety"][data-status="succeeded"]').waitFor();
    expect(unexpectedProblems()).toEqual([]);
  }, 120_000);

  test("restore as a new app from the plan's page: the copy runs with the backed-up data, the original is untouched", async () => {
    const originalBefore = await data();
    const row = page.locator('[data-testid="backup-row"][data-reason="manual"]');
    await row.getByTestId("clone-backup").click();
    const dialog = page.getByRole("dialog", { name: "Restore as a new app" });
    expect(await dialog.getByLabel("App name").inputValue()).toBe(CLONE);
    await dialog.getByTestId("clone-submit").click();
    await dialog.waitFor({ state: "detached" });

    const panelBox = page.getByTestId("clone-job");
    await panelBox.and(page.locator('[data-status="succeeded"]')).waitFor({ timeout: 150_000 });
    await readmeShot("backups-clone");
    await panelBox.getByTestId("clone-app-link").click();
    await page.waitForURL(/\/apps\/\d+/);
    const cloneId = Number(new URL(page.url()).pathname.split("/")[2]);
    await page.getByRole("heading", { name: CLONE }).waitFor();
    const cloneEnv = await appEnv(owner, cloneId);
    expect(cloneEnv.DB_NAME).not.toBe(env.DB_NAME);
    expect(await fingerprint(CLONE, pg.conn, cloneEnv)).toEqual(backedUp);
    expect(await data()).toEqual(originalBefore);
    expect(unexpectedProblems()).toEqual([]);
  }, 200_000);
});
