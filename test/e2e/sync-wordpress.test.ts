// A real WordPress (Debian's package, built by test/harness/wordpress-image.ts and tagged as the
// images the WordPress template names) deployed twice from that template through the compiled
// panel, as the prod and dev environments of one project. Prod's database is synced into dev
// through the API; dev then renders prod's posts with every link on its own domain, and prod's
// database is byte for byte what it was.
//
// Both sites are reached as the proxy would hand them over: on the app's port with the site's
// Host header and X-Forwarded-Proto: https (the image's wp-config.php honours it, as the
// official image's does), so WordPress believes it runs at https://<domain>.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { dockerCli, requireDocker } from "../harness/docker";
import { API, setupOwner, startPanel, type Client, type Panel } from "../harness/panel";
import { freePort } from "../harness/ports";
import { tagAsWordPressTemplate, wordpressImages } from "../harness/wordpress-image";

const PROD = { app: "e2e-wp-prod", domain: "www.sync-e2e.test", title: "Prod Site E2E" };
// Not the same length as prod's: serialized values must get their byte counts rewritten.
const DEV = { app: "e2e-wp-dev", domain: "dev-site.sync-e2e.test", title: "Dev Site E2E" };
const PROD_URL = `https://${PROD.domain}`;
const DEV_URL = `https://${DEV.domain}`;
const ADMIN = { login: "admin", email: "owner@agency.example" };
const EDITOR_EMAIL = "editor.person@customer.example";

interface Site {
  id: number;
  port: number;
  wordpress: string; // container ids
  db: string;
}

async function waitJob(owner: Client, id: string, ms = 300_000) {
  const end = Date.now() + ms;
  for (;;) {
    const { body } = await owner.json(`${API}/jobs/${id}`);
    if (["succeeded", "failed", "cancelled", "interrupted"].includes(body.job.status)) return body.job;
    if (Date.now() > end) throw new Error(`job ${id} still ${body.job.status}`);
    await Bun.sleep(500);
  }
}

async function jobLog(owner: Client, id: string): Promise<string> {
  const { body } = await owner.json(`${API}/jobs/${id}/log`);
  return body.lines.map((l: { text: string }) => l.text).join("\n");
}

/** A request as the TLS proxy in front of the site would make it. */
function visit(site: Site, domain: string, path = "/", init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("host", domain);
  headers.set("x-forwarded-proto", "https");
  // Generous: installing WordPress on a busy 2-core machine takes a while.
  return fetch(`http://127.0.0.1:${site.port}${path}`, { ...init, headers, redirect: "manual", signal: AbortSignal.timeout(90_000) });
}

/** Polls until the site answers `want` (Apache and the database settle after a start). */
async function waitForStatus(site: Site, domain: string, want: number, ms = 120_000): Promise<Response> {
  const end = Date.now() + ms;
  let last = "";
  for (;;) {
    try {
      const res = await visit(site, domain);
      if (res.status === want) return res;
      last = `${res.status} ${(await res.text()).slice(0, 300)}`;
    } catch (e) {
      last = String(e);
    }
    if (Date.now() > end) throw new Error(`${domain} did not answer ${want} within ${ms} ms; last: ${last}`);
    await Bun.sleep(1000);
  }
}

async function exec(container: string, argv: string[], env: Record<string, string> = {}): Promise<string> {
  const envArgs = Object.entries(env).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
  const r = await dockerCli(["exec", ...envArgs, container, ...argv], { timeoutMs: 120_000 });
  if (r.exitCode !== 0) throw new Error(`docker exec ${argv[0]} failed (${r.exitCode}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** PHP run inside the WordPress container with WordPress loaded, as wp-cli would (it is not packaged). */
const wp = (site: Site, domain: string, code: string, env: Record<string, string> = {}) =>
  exec(site.wordpress, ["php", "-r", `$_SERVER['HTTP_HOST'] = getenv('SK_HOST'); $_SERVER['HTTPS'] = 'on'; require '/var/www/html/wp-load.php'; ${code}`], { SK_HOST: domain, ...env });

/** A checksum of the whole WordPress database: a dump without its date line. */
async function dbChecksum(site: Site): Promise<string> {
  const dump = await exec(site.db, ["mariadb-dump", "--no-defaults", "--socket=/run/mysqld/mysqld.sock", "-uroot", "--skip-dump-date", "--single-transaction", "wordpress"]);
  expect(dump).toContain("CREATE TABLE `wp_options`");
  return createHash("sha256").update(dump).digest("hex");
}

/** Starts a sync (or a dry run) and waits for it; the run as it ended. */
async function startSync(owner: Client, projectId: number, body: { from: string; to: string; dryRun?: boolean }) {
  const started = await owner.json(`${API}/projects/${projectId}/syncs`, { method: "POST", json: body });
  expect({ status: started.status, error: started.body.error }).toEqual({ status: 202, error: undefined });
  const job = await waitJob(owner, started.body.job.id);
  if (job.status !== "succeeded") throw new Error(`sync ${job.status}: ${job.error}\n${await jobLog(owner, job.id)}`);
  return (await owner.json(`${API}/sync-runs/${started.body.run.id}`)).body.run;
}

async function deploy(owner: Client, name: string): Promise<Site> {
  // A port of our own: other suites deploy this template too, on its default 8080.
  const variables = { PORT: String(freePort()) };
  const created = await owner.json(`${API}/apps`, { method: "POST", json: { name, templateId: "wordpress", variables } });
  expect(created.status).toBe(202);
  const job = await waitJob(owner, created.body.job.id);
  if (job.status !== "succeeded") throw new Error(`deploy of ${name} ${job.status}: ${job.error}\n${await jobLog(owner, job.id)}`);
  const { body } = await owner.json(`${API}/apps/${created.body.app.id}`);
  const container = (service: string) => body.containers.find((c: { service: string }) => c.service === service).id as string;
  return { id: body.app.id, port: body.app.ports.find((p: { service: string }) => p.service === "wordpress").hostPort, wordpress: container("wordpress"), db: container("db") };
}

async function install(site: Site, domain: string, title: string, password: string): Promise<void> {
  await waitForStatus(site, domain, 302); // not installed yet: redirected to the installer
  const form = new URLSearchParams({
    weblog_title: title,
    user_name: ADMIN.login,
    admin_password: password,
    admin_password2: password,
    pw_weak: "on",
    admin_email: ADMIN.email,
    blog_public: "0",
  });
  const res = await visit(site, domain, "/wp-admin/install.php?step=2", { method: "POST", body: form });
  const html = await res.text();
  expect({ status: res.status, success: html.includes("Success!") }).toEqual({ status: 200, success: true });
}

async function removeLeftovers(): Promise<void> {
  for (const app of [PROD.app, DEV.app]) {
    const ps = await dockerCli(["ps", "-aq", "--filter", `label=com.docker.compose.project=${app}`]);
    const ids = ps.stdout.split(/\s+/).filter(Boolean);
    if (ids.length) await dockerCli(["rm", "-f", ...ids]);
    // A volume from an earlier run would bring back its installed site.
    await dockerCli(["volume", "rm", "-f", `${app}_db`, `${app}_wordpress`]);
  }
}

describe("WordPress prod -> dev sync, end to end", () => {
  let panel: Panel;
  let owner: Client;
  let prod: Site;
  let dev: Site;
  let postId: number;
  let devBefore: string;
  let syncRunId: number;

  beforeAll(async () => {
    if (!(await requireDocker())) throw new Error("this test needs a Docker engine");
    // Prebuilt by scripts/test.sh; building here takes minutes.
    await wordpressImages();
    await tagAsWordPressTemplate();
    await removeLeftovers();
    panel = await startPanel();
    owner = await setupOwner(panel);
  }, 900_000);

  afterAll(async () => {
    for (const site of [prod, dev]) {
      if (!site) continue;
      const { body } = await owner.json(`${API}/apps/${site.id}`);
      const r = await owner.json(`${API}/apps/${site.id}`, { method: "DELETE", json: { confirm: body.app.name, removeVolumes: true } });
      if (r.status === 202) await waitJob(owner, r.body.job.id).catch(() => undefined);
    }
    await removeLeftovers();
    await panel?.stop();
  }, 180_000);

  test("the WordPress template deploys on the panel, installs over HTTP and renders", async () => {
    [prod, dev] = await Promise.all([deploy(owner, PROD.app), deploy(owner, DEV.app)]);
    await install(prod, PROD.domain, PROD.title, "Prod-Admin-Pass-1");
    await install(dev, DEV.domain, DEV.title, "Dev-Admin-Pass-2");

    // Prod's content: a post linking to prod, a widget with prod's URL in a serialized option,
    // post meta holding JSON-escaped URLs, and a second user anonymizing must not leak.
    const seeded = await wp(
      prod,
      PROD.domain,
      `$u = 'https://' . getenv('SK_HOST');
       $id = wp_insert_post(['post_status' => 'publish', 'post_title' => 'Hello from prod',
         'post_content' => "<p>Café ☕ read <a href=\\"$u/about-us/\\">about us</a> and <a href=\\"$u/contact/\\">contact</a>.</p>"], true);
       if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message()); exit(1); }
       update_post_meta($id, 'sk_links', wp_slash(wp_json_encode(['about' => "$u/about-us/"])));
       update_option('widget_text', [2 => ['title' => 'Elsewhere', 'text' => "<a href=\\"$u/shop/\\">Shop ☕</a>", 'filter' => false], '_multiwidget' => 1]);
       $editor = wp_insert_user(['user_login' => 'editor1', 'user_pass' => 'Editor-Pass-3', 'user_email' => getenv('SK_EDITOR'), 'role' => 'editor']);
       if (is_wp_error($editor)) { fwrite(STDERR, $editor->get_error_message()); exit(1); }
       echo $id;`,
      { SK_EDITOR: EDITOR_EMAIL },
    );
    postId = Number(seeded.trim());
    expect(postId).toBeGreaterThan(0);

    for (const [site, s] of [[prod, PROD], [dev, DEV]] as const) {
      const res = await waitForStatus(site, s.domain, 200);
      const html = await res.text();
      expect(html).toContain(`<title>${s.title}</title>`);
      expect(html).toContain(`https://${s.domain}/`);
    }
    const post = await (await visit(prod, PROD.domain, `/?p=${postId}`)).text();
    expect(post).toContain(`href="${PROD_URL}/about-us/"`);

    // The panel sees a WordPress in the app (its tools look for wp-load.php where the official image has it).
    const info = await owner.json(`${API}/apps/${prod.id}/wordpress`);
    expect({ status: info.status, body: info.body }).toMatchObject({ status: 200, body: { wordpress: { siteUrl: PROD_URL, home: PROD_URL, tablePrefix: "wp_" } } });
  }, 900_000);

  test("syncing prod into dev through the API: dev renders prod's posts on its own domain, prod unchanged", async () => {
    expect(postId).toBeGreaterThan(0); // the previous test set the sites up

    const created = await owner.json(`${API}/projects`, { method: "POST", json: { name: "e2e-site", description: "WordPress sync end to end" } });
    expect(created.status).toBe(201);
    const projectId = created.body.project.id;
    const prodEnv = await owner.json(`${API}/projects/${projectId}/environments`, { method: "POST", json: { name: "prod", appId: prod.id, domain: PROD.domain } });
    expect(prodEnv.status).toBe(201);
    const rules = { source: "prod", schedule: null, searchReplace: [], anonymizeUsers: true, keepUsers: [ADMIN.login], truncateTables: [], excludeTables: [] };
    const devEnv = await owner.json(`${API}/projects/${projectId}/environments`, { method: "POST", json: { name: "dev", appId: dev.id, domain: DEV.domain, sync: rules } });
    expect(devEnv.status).toBe(201);
    const { body } = await owner.json(`${API}/projects/${projectId}`);
    for (const env of body.project.environments) {
      expect({ env: env.name, database: env.database, error: env.databaseError }).toMatchObject({
        env: env.name,
        database: { kind: "embedded", engine: "mariadb", name: "wordpress" },
        error: null,
      });
    }

    const prodBefore = await dbChecksum(prod);
    devBefore = await dbChecksum(dev);

    // A dry run counts what would change in prod's copy and writes nothing anywhere.
    const dry = await startSync(owner, projectId, { from: "prod", to: "dev", dryRun: true });
    expect(dry).toMatchObject({ status: "succeeded", dryRun: true, canRevert: false });
    expect(dry.report.searchReplace).toMatchObject({ dryRun: true, skipped: 0 });
    const wouldChange = (table: string) => dry.report.searchReplace.tables.find((t: { table: string }) => t.table === table)?.changed ?? 0;
    expect(["wp_options", "wp_posts", "wp_postmeta"].filter((t) => wouldChange(t) === 0)).toEqual([]);
    expect(await dbChecksum(dev)).toBe(devBefore);

    const run = await startSync(owner, projectId, { from: "prod", to: "dev" });
    syncRunId = run.id;
    expect(run).toMatchObject({ status: "succeeded", source: { name: "prod" }, target: { name: "dev" }, dryRun: false, canRevert: true });
    expect(run.report.wordpressUrl).toBe(DEV_URL);
    expect(run.report.searchReplace).toMatchObject({ dryRun: false, skipped: 0, changed: dry.report.searchReplace.changed });
    expect(await dbChecksum(prod)).toBe(prodBefore);

    // Dev restarts with the new data: prod's title and post, every link on dev's domain.
    const home = await (await waitForStatus(dev, DEV.domain, 200)).text();
    expect(home).toContain(`<title>${PROD.title}</title>`);
    expect(home).toContain("Hello from prod");
    expect(home).toContain(`${DEV_URL}/`);
    expect(home).not.toContain(PROD.domain);
    const postRes = await visit(dev, DEV.domain, `/?p=${postId}`);
    const post = await postRes.text();
    expect(postRes.status).toBe(200);
    expect(post).toContain(`href="${DEV_URL}/about-us/"`);
    expect(post).toContain("Café ☕");
    expect(post).not.toContain(PROD.domain);

    // Inside dev's database: the serialized widget unserializes with dev's URL, the JSON meta
    // decodes to it, and the editor's prod address is gone while the kept admin's stays.
    const state = JSON.parse(
      await wp(
        dev,
        DEV.domain,
        `$w = get_option('widget_text');
         $emails = array_map(fn ($u) => $u->user_email, get_users(['orderby' => 'ID']));
         echo json_encode(['siteurl' => get_option('siteurl'), 'home' => get_option('home'), 'widget' => is_array($w) ? $w[2]['text'] : null,
           'meta' => json_decode(get_post_meta((int) getenv('SK_POST'), 'sk_links', true), true), 'emails' => $emails,
           'admin' => get_user_by('login', 'admin')->user_email]);`,
        { SK_POST: String(postId) },
      ),
    );
    expect(state).toMatchObject({
      siteurl: DEV_URL,
      home: DEV_URL,
      widget: `<a href="${DEV_URL}/shop/">Shop ☕</a>`,
      meta: { about: `${DEV_URL}/about-us/` },
      admin: ADMIN.email,
    });
    expect(state.emails).toHaveLength(2);
    expect(state.emails).not.toContain(EDITOR_EMAIL);
  }, 600_000);

  test("reverting the sync puts dev's own site back", async () => {
    expect(syncRunId).toBeGreaterThan(0); // the previous test synced
    const started = await owner.json(`${API}/sync-runs/${syncRunId}/revert`, { method: "POST", json: {} });
    expect(started.status).toBe(202);
    const job = await waitJob(owner, started.body.job.id);
    if (job.status !== "succeeded") throw new Error(`revert ${job.status}: ${job.error}\n${await jobLog(owner, job.id)}`);
    expect((await owner.json(`${API}/sync-runs/${syncRunId}`)).body.run).toMatchObject({ status: "reverted", canRevert: false });
    // Before any page is served (a visit may write a transient): the very database dev had.
    expect(await dbChecksum(dev)).toBe(devBefore);

    const home = await (await waitForStatus(dev, DEV.domain, 200)).text();
    expect(home).toContain(`<title>${DEV.title}</title>`);
    expect(home).not.toContain("Hello from prod");
    expect(home).not.toContain(PROD.domain);
  }, 300_000);
});
