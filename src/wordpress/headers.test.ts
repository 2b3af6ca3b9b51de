import { expect, test } from "bun:test";
import { headerField, pluginsOf, splitRecords, themesOf, wpVersion } from "./headers.ts";
import { findProblems, parseStat } from "./permissions.ts";

test("header fields are read the way get_file_data() reads them", () => {
  const text = "<?php\n/**\n * Plugin Name: Hello Dolly\n * Version: 1.7.2 */\n";
  expect(headerField(text, "Plugin Name")).toBe("Hello Dolly");
  expect(headerField(text, "Version")).toBe("1.7.2");
  expect(headerField("<?php /* Plugin Name: Inline ?> */", "Plugin Name")).toBe("Inline");
  expect(headerField("no header here", "Plugin Name")).toBeNull();
  expect(wpVersion("<?php\n$wp_version = '6.4.3';\n$wp_db_version = 56657;\n")).toBe("6.4.3");
  expect(wpVersion(null)).toBeNull();
});

test("plugins and themes: slugs, versions, active from the options, a second wp-content not listed twice", () => {
  const out = [
    "\x1e/var/www/html/wp-content/plugins/akismet/akismet.php\n * Plugin Name: Akismet Anti-spam\n * Version: 5.3\n",
    "\x1e/var/www/html/wp-content/plugins/akismet/class.akismet.php\n",
    "\x1e/var/www/html/wp-content/plugins/hello.php\nPlugin Name: Hello Dolly\nVersion: 1.7.2\n",
    "\x1e/var/lib/wordpress/wp-content/plugins/hello.php\nPlugin Name: Hello Dolly\nVersion: 1.7.2\n",
    "\x1e/var/www/html/wp-content/themes/twentyfour/style.css\nTheme Name: Twenty Twenty-Four\nVersion: 1.0\n",
    "\x1e/var/www/html/wp-content/themes/child/style.css\nTheme Name: Child\n",
    "\x1e/var/www/html/wp-content/themes/other/style.css\nTheme Name: Other\nVersion: 2\n",
  ].join("");
  const records = splitRecords(out);
  expect(pluginsOf(records, 'a:1:{i:0;s:19:"akismet/akismet.php";}')).toEqual([
    { slug: "akismet", name: "Akismet Anti-spam", version: "5.3", active: true },
    { slug: "hello", name: "Hello Dolly", version: "1.7.2", active: false },
  ]);
  expect(pluginsOf(records, "not serialized").every((p) => !p.active)).toBe(true);
  expect(themesOf(records, "child", "twentyfour")).toEqual([
    { slug: "child", name: "Child", version: null, active: true },
    { slug: "other", name: "Other", version: "2", active: false },
    { slug: "twentyfour", name: "Twenty Twenty-Four", version: "1.0", active: true },
  ]);
});

test("permission rules: world-writable, config readable by others, owner other than the web user", () => {
  const out = [
    "41ed 33 www-data /var/www/html",
    "81a4 33 www-data /var/www/html/index.php",
    "81b6 33 www-data /var/www/html/open.php",
    "81a4 33 www-data /var/www/html/wp-config.php",
    "41ff 0 root /var/www/html/wp-content/uploads",
    "garbage line",
  ].join("\n");
  const r = findProblems(parseStat(out), { config: "/var/www/html/wp-config.php", webUid: 33 });
  expect(r.checked).toBe(5);
  expect(r.problems.map((p) => [p.path, p.mode, p.owner, p.problem.split(":")[0]!.split(" (")[0]])).toEqual([
    ["/var/www/html/open.php", "666", "www-data (33)", "world-writable"],
    ["/var/www/html/wp-config.php", "644", "www-data (33)", "wp-config.php is readable by other users"],
    ["/var/www/html/wp-content/uploads", "777", "root (0)", "world-writable"],
    ["/var/www/html/wp-content/uploads", "777", "root (0)", "not owned by the web server user"],
  ]);
});
