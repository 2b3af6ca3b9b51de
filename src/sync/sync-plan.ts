// What a sync from one environment into another will do, worked out (and checked) before any
// job starts, and again by the job: the direction, the search-replace pairs (the user's, plus
// the two domains when no pair already maps them), the table rules and the target's URL.
import { invalid } from "../lib/errors.ts";
import { compileRules, type SearchReplacePair } from "./rules.ts";
import type { SyncDatabase, SyncEnvironment, SyncRules } from "./sync-types.ts";
import { assertTablePatterns } from "./table-patterns.ts";

export interface SyncPlan {
  pairs: SearchReplacePair[];
  anonymizeUsers: boolean;
  keepUsers: string[];
  truncateTables: string[];
  excludeTables: string[];
  /** WordPress siteurl/home in the target afterwards (null: the target has no domain). */
  wordpressUrl: string | null;
}

const NO_RULES: SyncRules = { source: "", schedule: null, searchReplace: [], anonymizeUsers: false, keepUsers: [], truncateTables: [], excludeTables: [] };

/** from == to, a direction the target was not configured for without the typed confirmation. */
export function checkDirection(from: SyncEnvironment, to: SyncEnvironment, confirm: string | undefined, dryRun: boolean): void {
  if (from.id === to.id) throw invalid("sync_same_environment", `An environment cannot be synced into itself ("${to.name}").`);
  // A dry run writes nothing anywhere: no confirmation needed for any direction.
  if (dryRun || to.sync?.source === from.name) return;
  if (confirm !== to.name) {
    throw invalid("confirm_mismatch", `"${to.name}" is not configured to be refreshed from "${from.name}": this replaces its database. Type "${to.name}" to confirm.`);
  }
}

export function checkEngines(from: SyncEnvironment, src: SyncDatabase, to: SyncEnvironment, dst: SyncDatabase): void {
  if (src.engine !== dst.engine) {
    throw invalid("sync_engine_mismatch", `"${from.name}" uses ${src.engine} and "${to.name}" uses ${dst.engine}: a database can only be synced between the same engine.`, {
      source: src.engine,
      target: dst.engine,
    });
  }
}

const origin = (domain: string, scheme: "https" | "http") => `${scheme}://${domain}`;

export function planSync(from: SyncEnvironment, to: SyncEnvironment): SyncPlan {
  const rules = to.sync ?? NO_RULES;
  const pairs: SearchReplacePair[] = rules.searchReplace.map(([search, replace]) => ({ search, replace }));
  if (from.domain && to.domain && from.domain !== to.domain) {
    for (const scheme of ["https", "http"] as const) {
      const search = origin(from.domain, scheme);
      if (!pairs.some((p) => p.search === search)) pairs.push({ search, replace: origin(to.domain, scheme) });
    }
  }
  if (pairs.length) compileRules(pairs); // search_replace_invalid before anything runs
  assertTablePatterns(rules.truncateTables);
  assertTablePatterns(rules.excludeTables);
  return {
    pairs,
    anonymizeUsers: rules.anonymizeUsers,
    keepUsers: rules.keepUsers,
    truncateTables: rules.truncateTables,
    excludeTables: rules.excludeTables,
    wordpressUrl: to.domain ? origin(to.domain, "https") : null,
  };
}
