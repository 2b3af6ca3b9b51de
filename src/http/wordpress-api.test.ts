// WordPress tools through the API on real parts: a running container holding a WordPress-shaped
// tree (busybox test image, files copied in), the WordPress-shaped fixture database on a real
// MariaDB linked to that app, PHP on this machine checking the password hash.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Conn } from "../databases/engines/types.ts";
import { startMariaDb } from "../databases/testing.ts";
import { connect, createWordPressFixture, DEV, snapshot, WWW } from "../sync/wp-fixture.ts";
import { createTestApp, docker, waitJob, type TestClient } from "./testing.ts";

const APP = "wp-tools-app";
const DB = "wp_tools";
const ROOT = "/var/www/html";
/** Each step is a few docker execs; other test suites share the 2 cores. */
const SLOW = 120_000;
let maria: { conn: Conn; stop(): Promise<void> };
let t: Awaited<ReturnType<typeof createTestApp>>;
let owner: TestClient;
let operator: TestClient;
let viewer: TestClient;
let appId: number;
let work: string;
const SAMPLE = readFileSync(join(import.meta.dir, "../wordpress/testdata/wp-config-sample.php"), "utf8");

const sh = async (script: string, ...args: string[]) => docker(["exec", await container(), "sh", "-c", script, "sh", ...args]);
async function container(): Promise<string> {
  return (await docker(["ps", "-q", "--filter", `label=com.docker.compose.project=${APP}`, "--filter", "label=com.docker.compose.service=wordpress"])).trim();
}

/** A WordPress-shaped tree: what the tools read (loader, version, config, plugin and theme headers). */
function tree(dir: string): void {
  const files: Record<string, string> = {
    "wp-load.php": "<?php\n",
    "index.php": "<?php\n",
    "wp-includes/version.php": "<?php\n$wp_version = '6.4.3';\n$wp_db_version = 56657;\n",
    "wp-config.php": SAMPLE,
    "wp-content/plugins/akismet/akismet.php": "<?php\n/*\nPlugin Name: Akismet Anti-spam\nVersion: 5.3\n*/\n",
    "wp-content/plugins/akismet/class.akismet.php": "<?php\nclass Akismet {}\n",
    "wp-content/plugins/hello.php": "<?php\n/**\n * Plugin Name: Hello Dolly\n * Version: 1.7.2\n */\n",
    "wp-content/themes/twentytwentyfour/style.css": "/*\nTheme Name: Twenty Twenty-Four\nVersion: 1.0\n*/\n",
    "wp-content/themes/child/style.css": "/*\nTheme Name: Child Theme\nTemplate: twentytwentyfour\nVersion: 0.1\n*/\n",
    "wp-content/uploads/2024/a.jpg": "jpg",
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** Users and options the fixture lacks: two administrators, an editor, sessions, plugins and theme. */
async function addWordPressData(): Promise<void> {
  const sql = connect("mariadb", maria.conn, DB);
  try {
    await sql.unsafe("CREATE TABLE wp_users (ID BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, user_login VARCHAR(60) NOT NULL, user_pass VARCHAR(255) NOT NULL, user_email VARCHAR(100) NOT NULL)");
    await sql.unsafe("CREATE TABLE wp_usermeta (umeta_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, user_id BIGINT UNSIGNED NOT NULL, meta_key VARCHAR(255), meta_value LONGTEXT)");
    for (const [id, login] of [[1, "editor"], [2, "admin"], [3, "second-admin"]] as const) {
      await sql.unsafe("INSERT INTO wp_users VALUES (?, ?, ?, ?)", [id, login, "$P$Bold.hash.value.000000000000000", `${login}@site.com`]);
    }
    const caps = (role: string) => `a:1:{s:${role.length}:"${role}";b:1;}`;
    for (const [user, key, value] of [
      [1, "wp_capabilities", caps("editor")],
      [2, "wp_capabilities", caps("administrator")],
      [3, "wp_capabilities", caps("administrator")],
      [2, "session_tokens", 'a:1:{s:3:"abc";a:0:{}}'],
      [3, "session_tokens", 'a:1:{s:3:"def";a:0:{}}'],
    ] as const) {
      await sql.unsafe("INSERT INTO wp_usermeta (user_id, meta_key, meta_value) VALUES (?, ?, ?)", [user, key, value]);
    }
    for (const [id, name, value] of [
      [20, "active_plugins", 'a:1:{i:0;s:19:"akismet/akismet.php";}'],
      [21, "template", "twentytwentyfour"],
      [22, "stylesheet", "child"],
    ] as const) {
      await sql.unsafe("INSERT INTO wp_options VALUES (?, ?, ?, 'yes')", [id, name, value]);
    }
  } finally {
    await sql.close();
  }
}

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  const sql = connect("mariadb", maria.conn, DB);
  try {
    return await sql.unsafe(text, params);
  } finally {
    await sql.close();
  }
}

async function settle(client: TestClient, id: string) {
  const job = await waitJob(client, id, 180_000);
  if (job.status !== "succeeded") throw new Error(`job ${job.kind} ${job.status}: ${job.error}`);
  return job;
}

beforeAll(async () => {
  maria = await startMariaDb();
  await createWordPressFixture("mariadb", maria.conn, DB);
  await addWordPressData();
  t = await createTestApp("bun-sqlite", "ports:\n  min: 19650\n  max: 19699\n");
  owner = await t.owner();
  operator = await t.userWithRole(owner, "operator");
  viewer = await t.userWithRole(owner, "viewer");
  const compose = "services:\n  wordpress:\n    image: local/busybox:test\n    command: [\"sleep\", \"86400\"]\n";
  const created = await owner.request("POST", "/apps", { name: APP, compose });
  if (created.status !== 202) throw new Error(JSON.stringify(created.body));
  appId = created.body.app.id;
  await settle(owner, created.body.job.id);
  const server = await owner.request("POST", "/database-servers", { engine: "mariadb", name: "wp-maria", host: maria.conn.host, port: maria.conn.port, adminUser: maria.conn.user, adminPassword: maria.conn.password });
  if (server.status !== 201) throw new Error(JSON.stringify(server.body));
  const link = await owner.request("POST", `/apps/${appId}/databases`, { databaseServerId: server.body.databaseServer.id, database: DB });
  if (link.status !== 202) throw new Error(JSON.stringify(link.body));
  await settle(owner, link.body.job.id);
  // The files go in after the link's redeploy (a new container).
  work = mkdtempSync(join(tmpdir(), "sk-wp-tree-"));
  tree(work);
  await sh('mkdir -p "$1"', ROOT);
  await docker(["cp", `${work}/.`, `${await container()}:${ROOT}`]);
  await sh('chown -R 33:33 "$1" && chmod 644 "$1/wp-config.php" && chmod 777 "$1/wp-content/uploads" && chown 0:0 "$1/index.php"', ROOT);
}, 300_000);

afterAll(async () => {
  const ids = (await docker(["ps", "-aq", "--filter", `label=com.docker.compose.project=${APP}`]).catch(() => "")).split("\n").filter(Boolean);
  if (ids.length) await docker(["rm", "-f", ...ids]).catch(() => undefined);
  await docker(["network", "rm", `${APP}_default`]).catch(() => undefined);
  await t?.close();
  await maria?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("WordPress tools", () => {
  test("a viewer sees version, addresses, plugins and themes with versions, maintenance and hardening", async () => {
    const r = await viewer.request("GET", `/apps/${appId}/wordpress`);
    expect([r.status, r.body.error]).toEqual([200, undefined]);
    expect(r.body.wordpress).toEqual({
      version: "6.4.3",
      siteUrl: WWW,
      home: WWW,
      tablePrefix: "wp_",
      maintenance: false,
      plugins: [
        { slug: "akismet", name: "Akismet Anti-spam", version: "5.3", active: true },
        { slug: "hello", name: "Hello Dolly", version: "1.7.2", active: false },
      ],
      themes: [
        { slug: "child", name: "Child Theme", version: "0.1", active: true },
        { slug: "twentytwentyfour", name: "Twenty Twenty-Four", version: "1.0", active: true },
      ],
      hardening: { fileEditDisallowed: false, debug: true, saltsSet: false },
    });
  }, SLOW);

  test("a viewer can change nothing", async () => {
    for (const [path, body] of [
      ["site-url", { url: "https://new.site.com" }],
      ["admin-password", {}],
      ["maintenance", { enabled: true }],
      ["harden", {}],
    ] as const) {
      const r = await viewer.request("POST", `/apps/${appId}/wordpress/${path}`, body);
      expect(r.status).toBe(403);
    }
    expect(await sh('ls -a "$1"', ROOT)).not.toContain(".maintenance");
  }, SLOW);

  test("maintenance mode on writes a .maintenance that stays in force; off removes it", async () => {
    const on = await operator.request("POST", `/apps/${appId}/wordpress/maintenance`, { enabled: true });
    expect(on.status).toBe(200);
    expect(on.body).toEqual({ maintenance: true });
    expect(await sh('cat "$1/.maintenance"', ROOT)).toBe("<?php $upgrading = time(); ?>\n");
    expect((await viewer.request("GET", `/apps/${appId}/wordpress`)).body.wordpress.maintenance).toBe(true);
    const off = await operator.request("POST", `/apps/${appId}/wordpress/maintenance`, { enabled: false });
    expect(off.body).toEqual({ maintenance: false });
    expect(await sh('ls -a "$1"', ROOT)).not.toContain(".maintenance");
  }, SLOW);

  test("admin password reset: the first administrator gets a bcrypt hash PHP accepts, sessions end, the password is never audited", async () => {
    const r = await operator.request("POST", `/apps/${appId}/wordpress/admin-password`, {});
    expect([r.status, r.body.error]).toEqual([200, undefined]);
    expect(r.body.login).toBe("admin");
    const password: string = r.body.password;
    expect(password.length).toBeGreaterThanOrEqual(20);
    const [admin] = await query<{ user_pass: string }>("SELECT user_pass FROM wp_users WHERE user_login = 'admin'");
    expect(admin!.user_pass.startsWith("$2y$")).toBe(true);
    const php = Bun.spawn(["php", "-r", "var_dump(password_verify($argv[1], $argv[2])); var_dump(crypt($argv[1], $argv[2]) === $argv[2]);", "--", password, admin!.user_pass], { stdout: "pipe" });
    expect(await new Response(php.stdout).text()).toBe("bool(true)\nbool(true)\n");
    expect(await php.exited).toBe(0);
    // Only the admin changed; their sessions are gone, the other admin's stay.
    const others = await query<{ user_login: string; user_pass: string }>("SELECT user_login, user_pass FROM wp_users WHERE user_login <> 'admin' ORDER BY ID");
    expect(others.every((u) => u.user_pass.startsWith("$P$"))).toBe(true);
    const sessions = await query<{ user_id: number }>("SELECT user_id FROM wp_usermeta WHERE meta_key = 'session_tokens' ORDER BY user_id");
    expect(sessions.map((s) => Number(s.user_id))).toEqual([3]);

    const named = await operator.request("POST", `/apps/${appId}/wordpress/admin-password`, { login: "editor" });
    expect(named.body.login).toBe("editor");
    expect(named.body.password).not.toBe(password);
    const missing = await operator.request("POST", `/apps/${appId}/wordpress/admin-password`, { login: "nobody" });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("wp_user_not_found");

    const audit = (await owner.request("GET", "/audit?action=wordpress.admin_password")).body.items;
    const results = (actor: string) => audit.filter((a: { actor: string }) => a.actor === actor).map((a: { result: string }) => a.result).sort();
    expect(results("operator1")).toEqual(["failure", "success", "success"]);
    expect(results("viewer1")).toEqual(["failure"]);
    const all = JSON.stringify((await owner.request("GET", "/audit?limit=500")).body);
    expect(all).not.toContain(password);
    expect(all).not.toContain(named.body.password);
  }, SLOW);

  test("permissions: world-writable dirs, wp-config.php readable by others, files not owned by www-data", async () => {
    const r = await viewer.request("GET", `/apps/${appId}/wordpress/permissions`);
    expect(r.status).toBe(200);
    expect(r.body.checked).toBeGreaterThanOrEqual(15);
    const found = r.body.problems.map((p: { path: string; mode: string; problem: string }) => `${p.path} ${p.mode} ${p.problem.split(/[:(]/)[0]!.trim()}`);
    expect(found.sort()).toEqual(
      [
        `${ROOT}/wp-content/uploads 777 world-writable`,
        `${ROOT}/wp-config.php 644 wp-config.php is readable by other users`,
        `${ROOT}/index.php 644 not owned by the web server user`,
      ].sort(),
    );
  }, SLOW);

  test("harden: new salts, DISALLOW_FILE_EDIT, debug off; the previous file kept; a PHP syntax failure puts it back", async () => {
    // A stand-in `php` whose lint always fails: the written file must be rolled back.
    await sh('printf "#!/bin/sh\\necho \\"PHP Parse error: fake\\" >&2\\nexit 255\\n" > /bin/php && chmod 755 /bin/php');
    const refused = await operator.request("POST", `/apps/${appId}/wordpress/harden`, {});
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe("wp_config_syntax");
    expect(await sh('cat "$1/wp-config.php"', ROOT)).toBe(SAMPLE);
    await sh("rm /bin/php");

    const r = await operator.request("POST", `/apps/${appId}/wordpress/harden`, {});
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ changed: ["salts", "DISALLOW_FILE_EDIT", "WP_DEBUG"] });
    const after = await sh('cat "$1/wp-config.php"', ROOT);
    expect(after).toContain("define( 'DISALLOW_FILE_EDIT', true );");
    expect(after).toContain("define( 'WP_DEBUG', false );");
    expect(after).not.toContain("put your unique phrase here");
    expect(await sh('cat "$1/wp-config.php.serverkit-bak"', ROOT)).toBe(SAMPLE);
    expect((await sh('stat -c "%a %u" "$1/wp-config.php"', ROOT)).trim()).toBe("644 33");
    expect((await viewer.request("GET", `/apps/${appId}/wordpress`)).body.wordpress.hardening).toEqual({ fileEditDisallowed: true, debug: false, saltsSet: true });
    const audit = (await owner.request("GET", "/audit?action=wordpress.harden&actor=operator1")).body.items;
    expect(audit.map((a: { result: string }) => a.result).sort()).toEqual(["failure", "success"]);
  }, SLOW);

  test("site URL: bad or unchanged addresses refused; a dry run counts and writes nothing; the change rewrites the database", async () => {
    const bad = await operator.request("POST", `/apps/${appId}/wordpress/site-url`, { url: "javascript:alert(1)" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("wordpress_url_invalid");
    const same = await operator.request("POST", `/apps/${appId}/wordpress/site-url`, { url: `${WWW}/` });
    expect(same.status).toBe(400);
    expect(same.body.error.code).toBe("site_url_unchanged");

    const before = await snapshot("mariadb", maria.conn, DB);
    const dry = await operator.request("POST", `/apps/${appId}/wordpress/site-url`, { url: DEV, dryRun: true });
    expect([dry.status, dry.body.error]).toEqual([202, undefined]);
    expect(dry.body.job.kind).toBe("wordpress.site-url");
    const dryJob = await settle(operator, dry.body.job.id);
    expect(dryJob.result.dryRun).toBe(true);
    expect(dryJob.result.searchReplace.changed).toBeGreaterThan(5);
    expect(await snapshot("mariadb", maria.conn, DB)).toEqual(before);

    const run = await operator.request("POST", `/apps/${appId}/wordpress/site-url`, { url: DEV });
    expect([run.status, run.body.error]).toEqual([202, undefined]);
    const job = await settle(operator, run.body.job.id);
    expect(job.result).toMatchObject({ from: WWW, to: DEV, dryRun: false });
    const info = (await viewer.request("GET", `/apps/${appId}/wordpress`)).body.wordpress;
    expect([info.siteUrl, info.home]).toEqual([DEV, DEV]);
    const widget = (await query<{ v: string }>("SELECT option_value AS v FROM wp_options WHERE option_name = 'widget_text'"))[0]!.v;
    expect(widget).toContain(`${DEV}/kontakt`);
    expect(widget).not.toContain(WWW);
    const logs = (await operator.request("GET", `/jobs/${job.id}/log`)).body.lines.map((l: { text: string }) => l.text).join("\n");
    expect(logs).toContain("wp_options");
    const audit = (await owner.request("GET", "/audit?action=wordpress.site_url&actor=operator1")).body.items;
    expect(audit.map((a: { result: string }) => a.result).sort()).toEqual(["failure", "failure", "success", "success"]);
  }, SLOW);

  test("an app whose containers hold no WordPress answers not_wordpress", async () => {
    await sh('mv "$1/wp-load.php" "$1/wp-load.off"', ROOT);
    try {
      const r = await viewer.request("GET", `/apps/${appId}/wordpress`);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("not_wordpress");
    } finally {
      await sh('mv "$1/wp-load.off" "$1/wp-load.php"', ROOT);
    }
  }, SLOW);
});
