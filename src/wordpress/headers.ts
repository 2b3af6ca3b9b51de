// Reading what WordPress itself reads, without PHP: the file headers of plugins and themes
// (get_file_data: "Plugin Name:", "Version:" in the first 8 KiB) and $wp_version.
import { parsePhp, type PhpValue } from "../sync/index.ts";

export interface Extension {
  slug: string;
  name: string;
  version: string | null;
  active: boolean;
}

/** One header field as get_file_data() finds it (start of a line, after comment markers). */
export function headerField(text: string, field: string): string | null {
  const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`^(?:[ \\t]*<\\?php)?[ \\t/*#@]*${escaped}:(.*)$`, "mi").exec(text);
  if (!m) return null;
  // _cleanup_header_comment(): a closing comment or PHP tag ends the value.
  const value = m[1]!.replace(/\s*(?:\*\/|\?>).*/, "").trim();
  return value || null;
}

/** $wp_version from wp-includes/version.php. */
export function wpVersion(text: string | null): string | null {
  if (!text) return null;
  return /^\s*\$wp_version\s*=\s*['"]([^'"]+)['"]\s*;/m.exec(text)?.[1] ?? null;
}

/** Output of the header listing: records "\x1e<path>\n<header lines>". */
export function splitRecords(out: string): { path: string; text: string }[] {
  return out
    .split("\x1e")
    .filter(Boolean)
    .map((rec) => {
      const nl = rec.indexOf("\n");
      return nl < 0 ? { path: rec.trim(), text: "" } : { path: rec.slice(0, nl), text: rec.slice(nl + 1) };
    });
}

/** The plugin files WordPress would list, from their headers; `active` from the active_plugins option. */
export function pluginsOf(records: { path: string; text: string }[], activeOption: string | null): Extension[] {
  const active = new Set(stringsOf(activeOption ? parsePhp(activeOption) : undefined));
  const seen = new Map<string, Extension>();
  for (const { path, text } of records) {
    const m = /\/plugins\/(.+\.php)$/.exec(path);
    const name = headerField(text, "Plugin Name");
    if (!m || !name) continue;
    const file = m[1]!; // "akismet/akismet.php" or "hello.php", as active_plugins names it
    if (seen.has(file)) continue; // the same plugin seen through a second wp-content
    const slug = file.includes("/") ? file.slice(0, file.indexOf("/")) : file.replace(/\.php$/, "");
    seen.set(file, { slug, name, version: headerField(text, "Version"), active: active.has(file) });
  }
  return [...seen.values()].sort((a, b) => a.slug.localeCompare(b.slug));
}

/** Themes from their style.css; active = the stylesheet option (child) or template option (parent). */
export function themesOf(records: { path: string; text: string }[], stylesheet: string | null, template: string | null): Extension[] {
  const seen = new Map<string, Extension>();
  for (const { path, text } of records) {
    const m = /\/themes\/([^/]+)\/style\.css$/.exec(path);
    const name = headerField(text, "Theme Name");
    if (!m || !name || seen.has(m[1]!)) continue;
    const slug = m[1]!;
    seen.set(slug, { slug, name, version: headerField(text, "Version"), active: slug === stylesheet || slug === template });
  }
  return [...seen.values()].sort((a, b) => a.slug.localeCompare(b.slug));
}

/** The strings of a serialized array (active_plugins); anything else gives none. */
function stringsOf(v: PhpValue | undefined): string[] {
  if (!v || v.t !== "a") return [];
  return v.entries.flatMap(([, x]) => (x.t === "s" ? [x.text] : []));
}
