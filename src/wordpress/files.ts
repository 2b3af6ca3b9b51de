// Changes to files in the WordPress tree: maintenance mode and wp-config.php hardening.
import { DomainError, invalid } from "../lib/errors.ts";
import type { Logger } from "../lib/log.ts";
import { exec, execOk, readFile, type WpSite } from "./container.ts";
import { hardenConfig, hasEdits } from "./wp-config.ts";

// time() rather than a fixed timestamp: WordPress ignores a .maintenance older than 10 minutes,
// this one stays in force until it is removed.
export const MAINTENANCE_FILE = "<?php $upgrading = time(); ?>\n";

const maintenancePath = (site: WpSite) => `${site.root}/.maintenance`;

// $1 = the .maintenance path, $2 = on|off (the file's content comes on stdin); prints the state after.
const SET_MAINTENANCE = `if [ "$2" = on ]; then cat > "$1" || exit 1; else rm -f "$1" || exit 1; fi
if [ -f "$1" ]; then echo on; else echo off; fi`;

export async function setMaintenance(site: WpSite, enabled: boolean): Promise<boolean> {
  const argv = ["sh", "-c", SET_MAINTENANCE, "sh", maintenancePath(site), enabled ? "on" : "off"];
  const out = await execOk(site, argv, "wp_write_failed", enabled ? MAINTENANCE_FILE : undefined);
  return out.trim() === "on";
}

export const backupPath = (config: string) => `${config}.serverkit-bak`;

// $1 = config, $2 = backup: copy kept (exit 3 when that fails), then the new text from stdin.
const BACKUP_AND_WRITE = 'cp -p "$1" "$2" || exit 3; cat > "$1"';
// $1 = config: its content on stdout, then `php -l` (when the container has PHP) deciding the exit status.
const READ_AND_LINT = 'cat "$1" || exit 4; command -v php >/dev/null 2>&1 || exit 0; php -l "$1" >&2';

/**
 * New salts, DISALLOW_FILE_EDIT and WP_DEBUG off in the config file. The previous file is kept
 * as wp-config.php.serverkit-bak; it is put back when the written file does not read back
 * with the edits, or when the container's PHP finds a syntax error in it.
 */
export async function harden(site: WpSite, log: Logger): Promise<string[]> {
  const config = site.config;
  if (!config) throw invalid("wp_config_missing", `No wp-config.php defining DB_NAME was found for the WordPress in ${site.root}.`);
  const before = await readFile(site, config);
  if (before === null) throw invalid("wp_config_missing", `${config} is gone.`);
  const result = hardenConfig(before);
  // Refuse before touching anything when the edits would not land (an unusual file layout).
  if (!hasEdits(result.text, result)) throw invalid("wp_config_unrecognised", `${config} is laid out in a way the hardening cannot edit safely; nothing was changed.`);

  const backup = backupPath(config);
  const restore = async (why: string, code: string) => {
    await execOk(site, ["cp", "-p", backup, config], "wp_restore_failed");
    log.warn("wp-config.php hardening undone", { config, why });
    return new DomainError("unavailable", code, `${why}; the previous ${config} was put back.`);
  };
  // Backup then write in place (same inode, owner and mode): one exec.
  const written = await exec(site.target, site.container, ["sh", "-c", BACKUP_AND_WRITE, "sh", config, backup], result.text);
  if (written.exitCode === 3) throw new DomainError("unavailable", "wp_write_failed", `Keeping a copy of ${config} failed: ${written.stderr.trim().slice(0, 300)}; nothing was changed.`);
  if (written.exitCode !== 0) throw await restore(`Writing ${config} failed (${written.stderr.trim().slice(0, 300)})`, "wp_write_failed");
  const check = await exec(site.target, site.container, ["sh", "-c", READ_AND_LINT, "sh", config]);
  if (!hasEdits(check.stdout, result)) throw await restore(`${config} did not read back with the changes`, "wp_write_failed");
  if (check.exitCode !== 0) throw await restore(`php -l found an error in the result: ${check.stderr.trim().slice(0, 300)}`, "wp_config_syntax");
  return result.changed;
}
