// Finding WordPress inside a real container laid out the way Debian's package lays it out:
// the tree in /usr/share/wordpress, a loader wp-config.php without DB_NAME, the real settings
// in /etc/wordpress/config-HOST.php (naming its own WP_CONTENT_DIR), a second wp-content
// under /var/lib/wordpress. Then the file tools run against that layout.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { dockerFixtures, dockerReady, testTargets } from "../docker/testing.ts";
import { log } from "../lib/log.ts";
import { locate } from "./container.ts";
import { harden, setMaintenance } from "./files.ts";
import { checkPermissions } from "./permissions.ts";

const ready = await dockerReady();
const fx = dockerFixtures("wp-locate");
const APP = `wp-debian-${fx.name("x").slice(3, 11)}`;
const target = testTargets()[0]!.make();
let id: string;

const SETUP = `set -e
mkdir -p /usr/share/wordpress/wp-content/plugins/akismet /etc/wordpress "/srv/www/wp content/site/plugins" /var/lib/wordpress/wp-content/themes
touch /usr/share/wordpress/wp-load.php
printf '<?php\\n/* Debian loader: requires /etc/wordpress/config-HOST.php */\\n' > /usr/share/wordpress/wp-config.php
printf "<?php\\ndefine('DB_NAME', 'wp');\\ndefine('WP_CONTENT_DIR', '/srv/www/wp content/site');\\n?>\\n" > /etc/wordpress/config-localhost.php
chmod 640 /etc/wordpress/config-localhost.php`;

beforeAll(async () => {
  if (!ready) return;
  id = await fx.run("wp", ["--label", `com.docker.compose.project=${APP}`, "--label", "com.docker.compose.service=wordpress"], ["sleep", "3600"]);
  await fx.docker(["exec", id, "sh", "-c", SETUP]);
}, 60_000);

afterAll(() => fx.cleanup());

describe.skipIf(!ready)("Debian's WordPress layout", () => {
  test("root, config and every wp-content are found in one container", async () => {
    const site = await locate(target, APP);
    expect({ root: site.root, config: site.config, content: site.content }).toEqual({
      root: "/usr/share/wordpress",
      config: "/etc/wordpress/config-localhost.php",
      content: ["/usr/share/wordpress/wp-content", "/var/lib/wordpress/wp-content", "/srv/www/wp content/site"],
    });
  }, 60_000);

  test("maintenance, hardening and the permission check work on that layout", async () => {
    const site = await locate(target, APP);
    expect(await setMaintenance(site, true)).toBe(true);
    expect(await fx.docker(["exec", id, "cat", "/usr/share/wordpress/.maintenance"])).toBe("<?php $upgrading = time(); ?>");
    expect(await setMaintenance(site, false)).toBe(false);

    expect(await harden(site, log.child({ test: true }))).toEqual(["salts", "DISALLOW_FILE_EDIT", "WP_DEBUG"]);
    const config = await fx.docker(["exec", id, "cat", "/etc/wordpress/config-localhost.php"]);
    // The defines go before the closing tag, where PHP still reads them.
    expect(config.indexOf("define( 'DISALLOW_FILE_EDIT', true );")).toBeLessThan(config.indexOf("?>"));
    expect(await fx.docker(["exec", id, "stat", "-c", "%a", "/etc/wordpress/config-localhost.php"])).toBe("640");

    const report = await checkPermissions(site);
    const paths = report.problems.map((p) => p.path);
    expect(paths).toContain("/srv/www/wp content/site/plugins");
    expect(paths).toContain("/etc/wordpress/config-localhost.php");
    expect(report.problems.find((p) => p.path === "/etc/wordpress/config-localhost.php")!.problem).toContain("not owned");
  }, 120_000);

  test("an app whose containers have no WordPress is not_wordpress", async () => {
    await fx.docker(["exec", id, "rm", "/usr/share/wordpress/wp-load.php"]);
    await expect(locate(target, APP)).rejects.toMatchObject({ code: "not_wordpress" });
    await expect(locate(target, "no-such-app")).rejects.toMatchObject({ code: "app_not_running" });
  }, 60_000);
});
