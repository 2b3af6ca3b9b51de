// What the WordPress card shows: version, addresses, prefix, plugins and themes (files +
// options), maintenance and hardening state.
import type { DbTarget } from "../sync/index.ts";
import { execOk, type WpSite } from "./container.ts";
import { readOptions, requirePrefix } from "./database.ts";
import { pluginsOf, splitRecords, themesOf, wpVersion, type Extension } from "./headers.ts";
import { inspectConfig, type Hardening } from "./wp-config.ts";

export interface WordPressInfo {
  version: string | null;
  siteUrl: string | null;
  home: string | null;
  tablePrefix: string;
  maintenance: boolean;
  plugins: Extension[];
  themes: Extension[];
  hardening: Hardening;
}

// One exec (each costs a docker round trip). $1 = root, $2 = config file or "", then the
// wp-content dirs. Four sections ended by \x1d: version.php, the config file, "on" when in
// maintenance, then for every plugin file (top level and one folder down) and theme style.css
// "\x1e<path>" and the header lines of its first 8 KiB (what WordPress reads).
const READ = `cat "$1/wp-includes/version.php" 2>/dev/null; printf '\\035'
[ -n "$2" ] && cat "$2" 2>/dev/null; printf '\\035'
[ -f "$1/.maintenance" ] && echo on; printf '\\035'
shift 2
for d in "$@"; do
  for f in "$d"/plugins/*.php "$d"/plugins/*/*.php "$d"/themes/*/style.css; do
    [ -f "$f" ] || continue
    printf '\\036%s\\n' "$f"
    head -c 8192 "$f" | grep -iE '(Plugin Name|Theme Name|Version):'
  done
done
exit 0`;

export async function readInfo(site: WpSite, db: DbTarget): Promise<WordPressInfo> {
  const prefix = await requirePrefix(db);
  const [options, files] = await Promise.all([
    readOptions(db, prefix, ["siteurl", "home", "active_plugins", "template", "stylesheet"]),
    execOk(site, ["sh", "-c", READ, "sh", site.root, site.config ?? "", ...site.content], "wp_exec_failed"),
  ]);
  const [version = "", config = "", maintenance = "", headers = ""] = files.split("\x1d");
  const records = splitRecords(headers);
  return {
    version: wpVersion(version),
    siteUrl: options.siteurl ?? null,
    home: options.home ?? null,
    tablePrefix: prefix,
    maintenance: maintenance.trim() === "on",
    plugins: pluginsOf(records, options.active_plugins ?? null),
    themes: themesOf(records, options.stylesheet ?? null, options.template ?? null),
    hardening: config ? inspectConfig(config) : { fileEditDisallowed: false, debug: false, saltsSet: false },
  };
}
