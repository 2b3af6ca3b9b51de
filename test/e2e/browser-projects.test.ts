// Projects as a user sets them up, in Chromium against the compiled binary with real parts
// (Docker, PostgreSQL): two apps with a linked database each (made through the API), a project
// with prod and dev environments added in the dialogs, a serverkit.yaml that doesn't validate
// refused with its line and key, and a dry run from prod into dev whose report names the table
// and column a sync would change, while dev's database is left untouched.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { SQL } from "bun";
import type { Browser, Page } from "playwright-core";
import { startPostgres, type TestPostgres } from "../../src/databases/testing.ts";
import { launchBrowser, newPage, screenshot } from "../harness/browser";
import { requireDocker } from "../harness/docker";
import { API, DEFAULT_OWNER, REPO_ROOT, setupOwner, startPanel, type Client, type Panel } from "../harness/panel";
import { appEnv, removeAppLeftovers, waitJob, withAppDb } from "./backup-support";
import { join } from "node:path";

const PROD = "e2e-prj-prod";
const DEV = "e2e-prj-dev";
const PROD_URL = "https://www.prj-site.test";
const DEV_URL = "https://dev.prj-site.test";

let pg: TestPostgres;
let panel: Panel;
let owner: Client;
let browser: Browser;
let page: Page & { problems: string[] };
const apps: Record<string, number> = {};
let devEnv: Record<string, string>;

/** Console errors and failed requests, less the 401 before signing in and polls cut short by navigation. */
const unexpectedProblems = () => page.problems.filter((p) => !p.includes("401") && !p.includes("ERR_ABORTED"));

/** Picks `option` in the Kobalte select whose trigger is `trigger`. */
async function choose(trigger: ReturnType<Page["getByTestId"]>, option: string): Promise<void> {
  await trigger.click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

/** An app from the busybox fixture template with a PostgreSQL database linked to it. */
async function appWithDatabase(name: string, databaseServerId: number): Promise<number> {
  const created = await owner.json(`${API}/apps`, { method: "POST", json: { name, templateId: "two-service", variables: { GREETING: name } } });
  expect(created.status).toBe(202);
  expect((await waitJob(owner, created.body.job.id)).status).toBe("succeeded");
  const id = created.body.app.id as number;
  const linked = await owner.json(`${API}/apps/${id}/databases`, { method: "POST", json: { databaseServerId } });
  expect(linked.status).toBe(202);
  expect((await waitJob(owner, linked.body.job.id)).status).toBe("succeeded");
  return id;
}

beforeAll(async () => {
  await requireDocker();
  pg = await startPostgres();
  panel = await startPanel({ config: `templatesDir: ${JSON.stringify(join(REPO_ROOT, "test/fixtures/templates"))}\nports:\n  min: 19250\n  max: 19299\n` });
  owner = await setupOwner(panel);
  const server = await owner.json(`${API}/database-servers`, {
    method: "POST",
    json: { engine: "postgres", name: "prj-pg", host: pg.conn.host, port: pg.conn.port, adminUser: pg.conn.user, adminPassword: pg.conn.password },
  });
  expect(server.status).toBe(201);
  apps.prod = await appWithDatabase(PROD, server.body.databaseServer.id);
  apps.dev = await appWithDatabase(DEV, server.body.databaseServer.id);
  // Prod's content mentions its own URL, plain and inside a PHP-serialized option.
  const serialized = `a:1:{s:4:"home";s:${PROD_URL.length}:"${PROD_URL}";}`;
  await withAppDb(pg.conn, await appEnv(owner, apps.prod), async (sql) => {
    await sql`CREATE TABLE posts (id int PRIMARY KEY, content text NOT NULL)`;
    await sql`INSERT INTO posts SELECT i, 'See ' || ${PROD_URL} || '/post-' || i FROM generate_series(1, 30) AS i`;
    await sql`CREATE TABLE options (name text PRIMARY KEY, value text NOT NULL)`;
    await sql`INSERT INTO options VALUES ('site', ${serialized}), ('blogname', 'Our site')`;
  });
  devEnv = await appEnv(owner, apps.dev);
  browser = await launchBrowser();
  page = await newPage(browser, panel);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await panel?.stop();
  await removeAppLeftovers(PROD);
  await removeAppLeftovers(DEV);
  await pg?.stop();
}, 60_000);

/** Tables in dev's own database (a dry run must leave it as it was: empty). */
async function devTables(): Promise<string[]> {
  const sql = new SQL({ adapter: "postgres", hostname: pg.conn.host, port: pg.conn.port, username: pg.conn.user, password: pg.conn.password, database: devEnv.DB_NAME, max: 1 });
  try {
    const rows = await sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`;
    return rows.map((r: { tablename: string }) => r.tablename);
  } finally {
    await sql.close();
  }
}

describe("browser: projects and syncs", () => {
  let projectId: number;

  test("the owner signs in", async () => {
    await page.goto("/login");
    await page.getByLabel("Username").fill(DEFAULT_OWNER.username);
    await page.getByLabel("Password").fill(DEFAULT_OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("nav-projects").waitFor({ timeout: 60_000 });
  }, 90_000);

  test("the empty Projects page explains them; New project creates one and opens it", async () => {
    await page.getByTestId("nav-projects").click();
    await page.getByText("No projects yet").waitFor();
    await page.getByText(/prod, staging, dev/).first().waitFor();
    await page.getByTestId("new-project").first().click();
    const dialog = page.getByRole("dialog", { name: "New project" });
    await dialog.getByTestId("project-name").fill("prj-site");
    await dialog.getByTestId("save-project").click();
    await page.getByTestId("project-title").getByText("prj-site").waitFor();
    await page.getByText("No environments yet").waitFor();
    const list = (await owner.json(`${API}/projects`)).body.items;
    expect(list.map((p: { name: string }) => p.name)).toEqual(["prj-site"]);
    projectId = list[0].id;
  }, 30_000);

  test("add prod, then dev refreshed from prod with its rules", async () => {
    await page.getByTestId("add-environment").click();
    let dialog = page.getByRole("dialog", { name: "Add environment" });
    await dialog.getByTestId("env-name").fill("prod");
    await dialog.getByTestId("env-domain").fill("www.prj-site.test");
    await dialog.getByTestId("env-app").selectOption({ label: PROD });
    await dialog.getByTestId("save-environment").click();
    await dialog.waitFor({ state: "detached" });
    const prodCard = page.getByTestId("environment-prod");
    await prodCard.getByRole("link", { name: PROD }).waitFor();
    await prodCard.getByText(/on prj-pg/).waitFor(); // its linked database, as a sync will find it

    await page.getByTestId("add-environment").click();
    dialog = page.getByRole("dialog", { name: "Add environment" });
    await dialog.getByTestId("env-name").fill("dev");
    await dialog.getByTestId("env-domain").fill("dev.prj-site.test");
    await dialog.getByTestId("env-app").selectOption({ label: DEV });
    await dialog.getByLabel("Refresh its database from another environment").check();
    await dialog.getByTestId("env-schedule").fill("0 3 * * 0");
    await dialog.getByText("Syncs weekly on Sunday at 03:00 (server time).").waitFor();
    await dialog.getByTestId("add-pair").click();
    await dialog.getByLabel("Search 1").fill(PROD_URL);
    await dialog.getByLabel("Replace 1").fill(DEV_URL);
    await dialog.getByLabel("Empty these tables").fill("wp_statistics_*");
    await dialog.getByLabel("Empty these tables").press("Enter");
    await dialog.getByRole("button", { name: "Remove wp_statistics_*" }).waitFor();
    await screenshot(page, "projects-environment-dialog");
    await dialog.getByTestId("save-environment").click();
    await dialog.waitFor({ state: "detached" });

    const devCard = page.getByTestId("environment-dev");
    await devCard.getByText("Weekly on Sunday at 03:00").waitFor();
    await devCard.getByText(/· next /).waitFor();
    const project = (await owner.json(`${API}/projects/${projectId}`)).body.project;
    expect(project.environments.find((e: { name: string }) => e.name === "dev").sync).toEqual({
      source: "prod",
      schedule: "0 3 * * 0",
      searchReplace: [[PROD_URL, DEV_URL]],
      anonymizeUsers: false,
      keepUsers: [],
      truncateTables: ["wp_statistics_*"],
      excludeTables: [],
    });
    expect(unexpectedProblems()).toEqual([]);
    await screenshot(page, "projects-environments");
  }, 60_000);

  test("a serverkit.yaml that doesn't validate is refused with its line and key", async () => {
    const yaml = [
      "environments:",
      "  prod:",
      `    app: ${PROD}`,
      "    domain: www.prj-site.test",
      "  dev:",
      `    app: ${DEV}`,
      "    db_sync:",
      "      source: prod",
      '      schedule: "every sunday"',
      "",
    ].join("\n");
    await page.getByTestId("upload-config").click();
    const dialog = page.getByRole("dialog", { name: "Upload serverkit.yaml" });
    await dialog.getByLabel("serverkit.yaml", { exact: true }).fill(yaml);
    await dialog.getByTestId("apply-config").click();
    const problem = dialog.getByTestId("config-problem");
    await problem.waitFor();
    const text = (await problem.textContent()) ?? "";
    expect(text).toContain("Line 9");
    expect(text).toContain("environments.dev.db_sync.schedule");
    await screenshot(page, "projects-yaml-error");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    // Nothing changed: the panel's settings still apply.
    expect((await owner.json(`${API}/projects/${projectId}`)).body.project.configSource).toBe("ui");
    expect(unexpectedProblems()).toEqual(["console: Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
    page.problems.length = 0;
  }, 30_000);

  test("a dry run into dev reports what would change, and writes nothing", async () => {
    await page.getByTestId("dry-run-dev").click();
    const dialog = page.getByRole("dialog", { name: "Dry run into dev" });
    await dialog.getByText("Nothing is written anywhere.").waitFor();
    await dialog.getByTestId("start-sync").click();
    await dialog.waitFor({ state: "detached" });

    const run = page.getByTestId("sync-run-detail");
    await run.and(page.locator('[data-status="succeeded"]')).waitFor({ timeout: 120_000 });
    const report = run.getByTestId("search-replace-report");
    await report.waitFor({ timeout: 30_000 });
    const posts = report.getByRole("row").filter({ hasText: "posts" });
    await posts.getByText("content 30").waitFor();
    await report.getByRole("row").filter({ hasText: "options" }).getByText("value 1").waitFor();
    await screenshot(page, "projects-dry-run");

    await page.keyboard.press("Escape");
    const row = page.getByTestId("sync-runs").getByRole("row").filter({ hasText: "Dry run done" });
    await row.getByText("31 would change").waitFor(); // 30 posts and the serialized option
    expect(await devTables()).toEqual([]);
    expect(unexpectedProblems()).toEqual([]);
    await screenshot(page, "projects-runs");
  }, 180_000);

  test("Sync now copies prod into dev with dev's URLs; Revert puts dev's own database back", async () => {
    await page.getByTestId("sync-dev").click();
    const dialog = page.getByRole("dialog", { name: "Sync into dev" });
    await dialog.getByText(/can be reverted/).waitFor();
    // From its configured source: no name to type.
    expect(await dialog.getByTestId("sync-confirm").count()).toBe(0);
    await dialog.getByTestId("start-sync").click();
    await dialog.waitFor({ state: "detached" });

    await page.getByRole("dialog", { name: "Sync prod → dev" }).waitFor();
    const run = page.getByTestId("sync-run-detail");
    await run.and(page.locator('[data-status="succeeded"]')).waitFor({ timeout: 120_000 });
    await run.getByTestId("sync-report").waitFor();
    expect(await devTables()).toEqual(["options", "posts"]);
    await withAppDb(pg.conn, devEnv, async (sql) => {
      const [post] = await sql`SELECT content FROM posts WHERE id = 7`;
      expect(post.content).toBe(`See ${DEV_URL}/post-7`);
      const [opt] = await sql`SELECT value FROM options WHERE name = 'site'`;
      expect(opt.value).toBe(`a:1:{s:4:"home";s:${DEV_URL.length}:"${DEV_URL}";}`);
    });
    await screenshot(page, "projects-sync");

    await run.getByTestId("revert-run").click();
    const confirm = page.getByRole("dialog", { name: "Revert dev" });
    await confirm.getByLabel("Type dev to confirm").fill("dev");
    await confirm.getByRole("button", { name: "Revert", exact: true }).click();
    await confirm.waitFor({ state: "detached" });
    await run.and(page.locator('[data-status="reverted"]')).waitFor({ timeout: 120_000 });
    expect(await devTables()).toEqual([]);
    await page.keyboard.press("Escape");
    await page.getByTestId("sync-runs").getByRole("row").filter({ hasText: "Reverted" }).waitFor();
    expect(unexpectedProblems()).toEqual([]);
  }, 300_000);

  test("the exported serverkit.yaml, uploaded back, takes over: the banner says so and editing stops", async () => {
    const exported = await owner.fetch(`${API}/projects/${projectId}/config.yaml`);
    expect(exported.status).toBe(200);
    const yaml = await exported.text();
    expect(yaml).toContain("db_sync:");

    await page.getByTestId("upload-config").click();
    const dialog = page.getByRole("dialog", { name: "Upload serverkit.yaml" });
    await dialog.getByLabel("serverkit.yaml", { exact: true }).fill(yaml);
    await dialog.getByTestId("apply-config").click();
    await dialog.waitFor({ state: "detached" });
    await page.getByText("Settings come from serverkit.yaml (uploaded) — the file wins").waitFor();
    expect(await page.getByTestId("add-environment").isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Edit dev" }).count()).toBe(0);
    await page.getByTestId("environment-dev").getByText("Weekly on Sunday at 03:00").waitFor();
    await screenshot(page, "projects-config-banner");

    await page.getByTestId("detach-config").click();
    const confirm = page.getByRole("dialog", { name: "Edit settings in the panel" });
    await confirm.getByRole("button", { name: "Edit in the panel" }).click();
    await confirm.waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Edit dev" }).waitFor();
    expect(await page.getByTestId("config-banner").count()).toBe(0);

    // The list: its environments and its last sync.
    await page.getByTestId("nav-projects").click();
    const row = page.getByTestId("projects").getByRole("row").filter({ hasText: "prj-site" });
    await row.getByText("prod, dev").waitFor();
    await row.getByText("Reverted").waitFor();
    await screenshot(page, "projects-list");
    expect(unexpectedProblems()).toEqual([]);
  }, 60_000);
});
