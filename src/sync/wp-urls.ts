// WordPress's own idea of where it lives: the `siteurl` and `home` options. After a sync they
// must name the target's address, whatever the search-replace pairs did, or the copy sends
// every visitor back to production.
import type { SQL } from "bun";
import { invalid } from "../lib/errors.ts";
import { column, listTables, param, quote, tableIdent, withTarget, type CatalogTable } from "./catalog.ts";
import type { DbTarget } from "./search-replace.ts";

// scheme://host[:port][/path]: no quotes, spaces, backslashes, query or fragment; the
// value goes into the database and, through WordPress, into every page's links.
const URL_RE = /^https?:\/\/(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:\/[A-Za-z0-9._~!$&()*+,;=:@%/-]*)?$/;

/** The URL as WordPress stores it (no trailing slash); throws invalid "wordpress_url_invalid". */
export function checkWordPressUrl(url: string): string {
  const trimmed = typeof url === "string" ? url.trim() : "";
  const port = /:(\d+)(?:\/|$)/.exec(trimmed.replace(/^https?:\/\//, ""));
  if (!URL_RE.test(trimmed) || (port && Number(port[1]) > 65535)) {
    throw invalid("wordpress_url_invalid", `"${String(url)}" is not a site address: use http(s)://host[:port][/path], without quotes, spaces, query or fragment.`);
  }
  return trimmed.replace(/\/+$/, "");
}

/** The options tables holding `siteurl`, shortest name first (multisite: the main site's). */
async function optionsTables(sql: SQL, engine: DbTarget["engine"], tables?: CatalogTable[]): Promise<CatalogTable[]> {
  const candidates = (tables ?? (await listTables(sql, engine))).filter(
    (t) => (t.schema === null || t.schema === "public") && t.table.endsWith("options") && column(t, "option_name") && column(t, "option_value"),
  );
  const found: CatalogTable[] = [];
  for (const t of candidates) {
    const name = quote(engine, column(t, "option_name")!);
    const rows = await sql.unsafe(`SELECT 1 AS x FROM ${tableIdent(engine, t)} WHERE ${name} = ${param(engine, 1)}`, ["siteurl"]);
    if (rows.length > 0) found.push(t);
  }
  return found.sort((a, b) => a.table.length - b.table.length || a.table.localeCompare(b.table));
}

/** The table prefix ("wp_") of the options table holding `siteurl`; null when this is no WordPress database. */
export async function wordpressPrefix(t: DbTarget): Promise<string | null> {
  return withTarget(t, async (sql) => {
    const [options] = await optionsTables(sql, t.engine);
    return options ? options.table.slice(0, -"options".length) : null;
  });
}

export interface SetUrlsOptions {
  /** Read what is there, change nothing. */
  dryRun?: boolean;
  log?: (line: string) => void;
}

/** Sets `siteurl` and `home` to `url`; null (and nothing done) when this is no WordPress database. */
export async function setWordPressUrls(t: DbTarget, url: string, o: SetUrlsOptions = {}): Promise<{ prefix: string; before: { siteurl: string | null; home: string | null } } | null> {
  const value = checkWordPressUrl(url);
  const log = o.log ?? (() => {});
  return withTarget(t, async (sql) => {
    const [options] = await optionsTables(sql, t.engine);
    if (!options) {
      log("WordPress URLs: no options table with siteurl, nothing to set");
      return null;
    }
    const prefix = options.table.slice(0, -"options".length);
    const table = tableIdent(t.engine, options);
    const name = quote(t.engine, column(options, "option_name")!);
    const val = quote(t.engine, column(options, "option_value")!);
    const rows: { n: string; v: string | null }[] = await sql.unsafe(
      `SELECT ${name} AS n, ${val} AS v FROM ${table} WHERE ${name} IN (${param(t.engine, 1)}, ${param(t.engine, 2)})`,
      ["siteurl", "home"],
    );
    const before = { siteurl: rows.find((r) => r.n === "siteurl")?.v ?? null, home: rows.find((r) => r.n === "home")?.v ?? null };
    if (!o.dryRun) {
      await sql.unsafe(`UPDATE ${table} SET ${val} = ${param(t.engine, 1)} WHERE ${name} IN (${param(t.engine, 2)}, ${param(t.engine, 3)})`, [value, "siteurl", "home"]);
    }
    log(`WordPress URLs (${options.name}): siteurl ${before.siteurl ?? "(unset)"}, home ${before.home ?? "(unset)"} ${o.dryRun ? "would become" : "->"} ${value}`);
    return { prefix, before };
  });
}
