// The WordPress tools against a real WordPress: the WordPress template deployed with Debian's
// wordpress package in the official image's layout (test/harness/wordpress-image.ts) and its
// own MariaDB service, installed through its installer. What WordPress itself does afterwards
// is the proof: it signs in with the reset password, shows its maintenance page, keeps
// rendering after hardening (and the old salts' cookies stop working), and serves its pages
// on the new address after a site URL change.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { dockerCli } from "../../test/harness/docker.ts";
import { tagAsWordPressTemplate, wordpressImages } from "../../test/harness/wordpress-image.ts";
import { createTestApp, waitJob, type TestClient } from "./testing.ts";

const APP = "wp-real-tools";
const HOST = "wp-real.test";
const MOVED = "wp-moved.test";
const FIRST_PASSWORD = "first-Password-123";
const SLOW = 180_000;
let t: Awaited<ReturnType<typeof createTestApp>>;
let owner: TestClient;
let operator: TestClient;
let appId: number;
let port: number;
// Debian's package ships no theme; without one WordPress renders blank pages. This one has the
// name WordPress 6.1 picks at install (WP_DEFAULT_THEME) and prints the title and home link.
const THEME_DIR = "/var/www/html/wp-content/themes/twentytwentythree";
const THEME_CSS = "/*\nTheme Name: Tools Test Theme\nVersion: 1.2\n*/\n";
const THEME_PHP = `<?php echo '<h1>' . esc_html(get_bloginfo('name')) . '</h1><a href="' . esc_url(home_url('/')) . '">home</a>';\n`;

function visit(path = "/", init: RequestInit & { host?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("host", init.host ?? HOST);
  return fetch(`http://127.0.0.1:${port}${path}`, { ...init, headers, redirect: "manual", signal: AbortSignal.timeout(60_000) });
}

async function waitForStatus(want: number, host = HOST, ms = 180_000): Promise<Response> {
  const end = Date.now() + ms;
  let last = "";
  for (;;) {
    try {
      const res = await visit("/", { host });
      if (res.status === want) return res;
      last = `${res.status}`;
    } catch (e) {
      last = String(e);
    }
    if (Date.now() > end) throw new Error(`${host} did not answer ${want}; last: ${last}`);
    await Bun.sleep(1000);
  }
}

/** Signs in through wp-login.php; the auth cookies when WordPress accepted the password, else null. */
async function signIn(password: string): Promise<string | null> {
  const body = new URLSearchParams({ log: "admin", pwd: password, "wp-submit": "Log In", testcookie: "1" });
  const res = await visit("/wp-login.php", { method: "POST", body, headers: { cookie: "wordpress_test_cookie=WP%20Cookie%20check" } });
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]!);
  return res.status === 302 && cookies.some((c) => c.startsWith("wordpress_logged_in_")) ? cookies.join("; ") : null;
}

async function settle(id: string) {
  const job = await waitJob(owner, id, 300_000);
  if (job.status !== "succeeded") throw new Error(`job ${job.kind} ${job.status}: ${job.error}`);
  return job;
}

async function removeLeftovers(): Promise<void> {
  const ids = (await dockerCli(["ps", "-aq", "--filter", `label=com.docker.compose.project=${APP}`])).stdout.split(/\s+/).filter(Boolean);
  if (ids.length) await dockerCli(["rm", "-f", ...ids]);
  await dockerCli(["volume", "rm", "-f", `${APP}_db`, `${APP}_wordpress`]);
  await dockerCli(["network", "rm", `${APP}_default`]);
}

beforeAll(async () => {
  await wordpressImages();
  await tagAsWordPressTemplate();
  await removeLeftovers();
  t = await createTestApp("bun-sqlite", "ports:\n  min: 19700\n  max: 19749\n");
  owner = await t.owner();
  operator = await t.userWithRole(owner, "operator");
  const created = await owner.request("POST", "/apps", { name: APP, templateId: "wordpress" });
  if (created.status !== 202) throw new Error(JSON.stringify(created.body));
  appId = created.body.app.id;
  await settle(created.body.job.id);
  const app = (await owner.request("GET", `/apps/${appId}`)).body;
  port = app.app.ports.find((p: { service: string }) => p.service === "wordpress").hostPort;
  const container = app.containers.find((c: { service: string }) => c.service === "wordpress").id as string;
  const put = async (path: string, text: string) => {
    const r = await dockerCli(["exec", "-i", "-u", "www-data", container, "sh", "-c", 'mkdir -p "$(dirname "$1")" && cat > "$1"', "sh", path], { stdin: text });
    if (r.exitCode !== 0) throw new Error(r.stderr);
  };
  await put(`${THEME_DIR}/style.css`, THEME_CSS);
  await put(`${THEME_DIR}/index.php`, THEME_PHP);
  await waitForStatus(302); // not installed yet: sent to the installer
  const form = new URLSearchParams({ weblog_title: "Tools Site", user_name: "admin", admin_password: FIRST_PASSWORD, admin_password2: FIRST_PASSWORD, pw_weak: "on", admin_email: "admin@tools.test", blog_public: "0" });
  const res = await visit("/wp-admin/install.php?step=2", { method: "POST", body: form });
  expect((await res.text()).includes("Success!")).toBe(true);
}, 900_000);

afterAll(async () => {
  await t?.close();
  await removeLeftovers();
}, 120_000);

describe("WordPress tools on a real WordPress", () => {
  test("info: the installed version, address, themes and the image's hardening state", async () => {
    const r = await operator.request("GET", `/apps/${appId}/wordpress`);
    expect([r.status, r.body.error]).toEqual([200, undefined]);
    const wp = r.body.wordpress;
    expect(wp.version).toMatch(/^\d+\.\d+/);
    expect([wp.siteUrl, wp.home, wp.tablePrefix, wp.maintenance]).toEqual([`http://${HOST}`, `http://${HOST}`, "wp_", false]);
    expect(wp.themes).toEqual([{ slug: "twentytwentythree", name: "Tools Test Theme", version: "1.2", active: true }]);
    expect(wp.plugins).toEqual([{ slug: "akismet", name: expect.stringContaining("Akismet"), version: expect.stringMatching(/^\d/), active: false }]);
    expect(wp.hardening).toEqual({ fileEditDisallowed: false, debug: false, saltsSet: true });
  }, SLOW);

  test("a reset password is accepted by WordPress's own login; the old one no longer is", async () => {
    expect(await signIn(FIRST_PASSWORD)).not.toBeNull();
    const r = await operator.request("POST", `/apps/${appId}/wordpress/admin-password`, {});
    expect(r.status).toBe(200);
    expect(r.body.login).toBe("admin");
    expect(await signIn(r.body.password)).not.toBeNull();
    expect(await signIn(FIRST_PASSWORD)).toBeNull();
  }, SLOW);

  test("maintenance mode: WordPress answers 503 with its maintenance page until it is switched off", async () => {
    expect((await operator.request("POST", `/apps/${appId}/wordpress/maintenance`, { enabled: true })).body).toEqual({ maintenance: true });
    const down = await visit("/");
    expect(down.status).toBe(503);
    expect(await down.text()).toContain("Briefly unavailable for scheduled maintenance");
    expect((await operator.request("POST", `/apps/${appId}/wordpress/maintenance`, { enabled: false })).body).toEqual({ maintenance: false });
    expect((await visit("/")).status).toBe(200);
  }, SLOW);

  test("hardening passes the container's php -l, the site still renders, and sessions signed with the old salts end", async () => {
    const password = (await operator.request("POST", `/apps/${appId}/wordpress/admin-password`, {})).body.password;
    const cookies = await signIn(password);
    expect((await visit("/wp-admin/", { headers: { cookie: cookies! } })).status).toBe(200);
    const r = await operator.request("POST", `/apps/${appId}/wordpress/harden`, {});
    expect([r.status, r.body]).toEqual([200, { changed: ["salts", "DISALLOW_FILE_EDIT", "WP_DEBUG"] }]);
    const home = await visit("/");
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Tools Site");
    // PHP's opcache re-reads a changed wp-config.php within its revalidate_freq (2 s by
    // default), so the old salts may still be honoured for a moment.
    const deadline = Date.now() + 20_000;
    let status = 0;
    while ((status = (await visit("/wp-admin/", { headers: { cookie: cookies! } })).status) !== 302 && Date.now() < deadline) await Bun.sleep(500);
    expect(status).toBe(302);
    // The file editor is gone for a fresh session too.
    const fresh = await signIn(password);
    expect((await visit("/wp-admin/theme-editor.php", { headers: { cookie: fresh! } })).status).not.toBe(200);
    expect((await operator.request("GET", `/apps/${appId}/wordpress`)).body.wordpress.hardening).toEqual({ fileEditDisallowed: true, debug: false, saltsSet: true });
  }, SLOW);

  test("permissions: the whole tree is checked; wp-config.php readable by others is reported", async () => {
    const r = await operator.request("GET", `/apps/${appId}/wordpress/permissions`);
    expect(r.status).toBe(200);
    expect(r.body.checked).toBeGreaterThan(500);
    expect(r.body.problems.map((p: { path: string; problem: string }) => `${p.path}: ${p.problem.split(" (")[0]}`)).toContain(
      "/var/www/html/wp-config.php: wp-config.php is readable by other users",
    );
  }, SLOW);

  test("site URL change: WordPress serves its pages on the new address", async () => {
    const r = await operator.request("POST", `/apps/${appId}/wordpress/site-url`, { url: `http://${MOVED}` });
    expect(r.status).toBe(202);
    await settle(r.body.job.id);
    const page = await waitForStatus(200, MOVED);
    const html = await page.text();
    expect(html).toContain(`http://${MOVED}/`);
    expect(html).not.toContain(`http://${HOST}/`);
  }, SLOW);
});
