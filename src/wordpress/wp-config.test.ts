// Hardening of the three config layouts seen in the wild (the sample file, the official Docker
// image's getenv_docker file, Debian's per-host file), checked by loading the result in PHP.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hardenConfig, hasEdits, inspectConfig, SALT_NAMES } from "./wp-config.ts";

const dir = mkdtempSync(join(tmpdir(), "sk-wpconfig-"));
writeFileSync(join(dir, "wp-settings.php"), "<?php\n");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixture = (name: string) => readFileSync(join(import.meta.dir, "testdata", name), "utf8");

/** Loads a config with PHP and prints the constants WordPress would see (getenv_docker as the image defines it). */
async function phpConstants(text: string): Promise<Record<string, unknown>> {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.php`);
  writeFileSync(file, text);
  const code = `define('ABSPATH', $argv[1] . '/'); include $argv[2]; $o = []; foreach (array_slice($argv, 3) as $n) $o[$n] = defined($n) ? constant($n) : null; echo json_encode($o);`;
  const names = [...SALT_NAMES, "DISALLOW_FILE_EDIT", "WP_DEBUG", "DB_NAME"];
  const p = Bun.spawn(["php", "-d", "display_errors=stderr", "-r", code, "--", dir, file, ...names], { stdout: "pipe", stderr: "pipe" });
  const [out, err, exit] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  if (exit !== 0 || err.trim()) throw new Error(`php: exit ${exit}: ${err}`);
  return JSON.parse(out);
}

describe.each([
  ["wp-config-sample.php", { fileEditDisallowed: false, debug: true, saltsSet: false }, ["salts", "DISALLOW_FILE_EDIT", "WP_DEBUG"]],
  ["wp-config-docker.php", { fileEditDisallowed: false, debug: false, saltsSet: true }, ["salts", "DISALLOW_FILE_EDIT", "WP_DEBUG"]],
  ["config-debian.php", { fileEditDisallowed: false, debug: false, saltsSet: false }, ["salts", "DISALLOW_FILE_EDIT", "WP_DEBUG"]],
] as const)("%s", (name, before, changed) => {
  test("inspect, harden, and PHP sees new salts, DISALLOW_FILE_EDIT true and WP_DEBUG false", async () => {
    const text = fixture(name);
    expect(inspectConfig(text)).toEqual(before);
    const r = hardenConfig(text);
    expect(r.changed).toEqual([...changed]);
    expect(hasEdits(r.text, r)).toBe(true);
    expect(inspectConfig(r.text)).toEqual({ fileEditDisallowed: true, debug: false, saltsSet: true });
    const seen = await phpConstants(r.text);
    for (const n of SALT_NAMES) expect(seen[n]).toBe(r.salts[n]!);
    expect(new Set(Object.values(r.salts)).size).toBe(8);
    expect(seen.DISALLOW_FILE_EDIT).toBe(true);
    expect(seen.WP_DEBUG).toBe(false);
    expect(seen.DB_NAME).toBeTruthy(); // the rest of the file still works
    // Only the defines changed: every other line is still there.
    const kept = text.split("\n").filter((l) => !/define\(\s*'(AUTH|SECURE_AUTH|LOGGED_IN|NONCE)_(KEY|SALT)'|WP_DEBUG'/.test(l));
    for (const line of kept) expect(r.text).toContain(line);
  });

  test("hardening twice regenerates the salts and changes nothing else", () => {
    const once = hardenConfig(fixture(name));
    const twice = hardenConfig(once.text);
    expect(twice.changed).toEqual(["salts"]);
    expect(twice.salts.AUTH_KEY).not.toBe(once.salts.AUTH_KEY);
    expect(twice.text.replace(/'[A-Za-z0-9_-]{64}'/g, "S")).toBe(once.text.replace(/'[A-Za-z0-9_-]{64}'/g, "S"));
  });
});

test("a salt holding ; and ) is replaced whole, not cut at the first )", () => {
  const r = hardenConfig(fixture("wp-config-docker.php"));
  expect(r.text).not.toContain(";)x(y");
  expect(r.text).toContain(`define( 'AUTH_KEY', '${r.salts.AUTH_KEY}' );`);
});

test("a define sharing its line with another is not edited blindly: the result is refused", () => {
  const text = "<?php\ndefine( 'DB_NAME', 'x' );\ndefine( 'WP_DEBUG', true ); define( 'WP_DEBUG_LOG', true );\nrequire_once ABSPATH . 'wp-settings.php';\n";
  const r = hardenConfig(text);
  expect(r.text).toContain("define( 'WP_DEBUG_LOG', true );");
  expect(hasEdits(r.text, r)).toBe(false);
});
