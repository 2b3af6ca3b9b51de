// Moving a WordPress site to a new address: the old address searched and replaced across its
// whole database (serialized values included), then siteurl and home set. A dry run counts.
import { z } from "zod";
import type { JobKind } from "../jobs/index.ts";
import { invalid } from "../lib/errors.ts";
import { checkWordPressUrl, searchReplace, setWordPressUrls, type DbTarget, type SearchReplaceReport } from "../sync/index.ts";
import { readOptions, requirePrefix } from "./database.ts";

export const siteUrlParams = z.object({
  appId: z.number().int().positive(),
  url: z.string().max(2048),
  dryRun: z.boolean().default(false),
});
export type SiteUrlParams = z.infer<typeof siteUrlParams>;

export interface SiteUrlResult {
  from: string;
  to: string;
  dryRun: boolean;
  searchReplace: SearchReplaceReport;
}

/** The address the site answers on now: home (what visitors see), else siteurl. */
export async function currentUrl(db: DbTarget): Promise<string> {
  const prefix = await requirePrefix(db);
  const o = await readOptions(db, prefix, ["siteurl", "home"]);
  const url = (o.home || o.siteurl || "").replace(/\/+$/, "");
  if (!url) throw invalid("wp_url_missing", "The site has neither a home nor a siteurl option to replace.");
  return url;
}

/** Checks a change before it is queued: a valid, different address. Returns the normalised one. */
export async function checkChange(db: DbTarget, url: string): Promise<{ from: string; to: string }> {
  const to = checkWordPressUrl(url);
  const from = await currentUrl(db);
  if (from === to) throw invalid("site_url_unchanged", `The site already lives at ${to}.`);
  return { from, to };
}

export function siteUrlKind(database: (appId: number) => Promise<DbTarget>): JobKind<SiteUrlParams> {
  return {
    kind: "wordpress.site-url",
    resumable: false,
    params: siteUrlParams,
    target: (p) => `app:${p.appId}`,
    async run(ctx, p): Promise<SiteUrlResult> {
      const db = await ctx.step("Finding the site's database", 5, () => database(p.appId));
      const { from, to } = await ctx.step("Reading the current address", 10, () => checkChange(db, p.url));
      ctx.log(`${p.dryRun ? "Dry run: " : ""}${from} -> ${to} in ${db.conn.database}`);
      const report = await ctx.step(p.dryRun ? "Counting what would change" : "Search-replace", 90, () =>
        searchReplace(db, { pairs: [{ search: from, replace: to }], dryRun: p.dryRun, log: (l) => ctx.log(l) }),
      );
      await ctx.step("siteurl and home", 100, () => setWordPressUrls(db, to, { dryRun: p.dryRun, log: (l) => ctx.log(l) }));
      return { from, to, dryRun: p.dryRun, searchReplace: report };
    },
  };
}
