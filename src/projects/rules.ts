// Sync rules and environment fields: their shape (zod) and the checks that need context (the
// other environments' names, croner, the search-string minimum). One set of checks serves the
// API and serverkit.yaml; each caller turns the problems into its own error.
import { Cron } from "croner";
import { z } from "zod";
import { MIN_SEARCH_LENGTH } from "../sync/index.ts";
import type { EnvironmentRow, NewEnvironmentRow } from "./repo.ts";
import type { SyncRules } from "./types.ts";

/** Environment names are YAML keys and appear in job targets: keep them plain. */
export const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
/** Table names or patterns: what the sync matches against information_schema (H1's rule). */
export const TABLE_PATTERN = /^[A-Za-z0-9_$*]+$/;
/** A hostname with an optional port, as the sync writes it after https:// */
const DOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/;

export const envNameSchema = z.string().regex(ENV_NAME, "letters, digits, _ and -, up to 40 characters, starting with a letter or digit");
export const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(DOMAIN, "a host name such as dev.example.com (optionally :port), without https://");

const tableList = z.array(z.string().max(128)).max(200);
export const syncRulesSchema = z
  .object({
    source: z.string().min(1).max(40),
    schedule: z.string().trim().max(120).nullable().default(null).transform((s) => (s ? s : null)),
    searchReplace: z.array(z.tuple([z.string().max(4000), z.string().max(4000)])).max(100).default([]),
    anonymizeUsers: z.boolean().default(false),
    keepUsers: z.array(z.string().min(1).max(254)).max(200).default([]),
    truncateTables: tableList.default([]),
    excludeTables: tableList.default([]),
  })
  .strict();

export interface RuleProblem {
  /** Path inside SyncRules (camelCase field names). */
  path: (string | number)[];
  code: "sync_source_invalid" | "schedule_invalid" | "search_replace_invalid" | "table_pattern_invalid";
  message: string;
}

export function scheduleProblem(schedule: string): string | null {
  try {
    new Cron(schedule, { paused: true }).stop();
    return null;
  } catch (err) {
    return `"${schedule}" is not a cron expression croner understands (${(err as Error).message}).`;
  }
}

/** Everything wrong with `rules` on environment `self` of a project whose environments are `envNames`. */
export function ruleProblems(rules: SyncRules, self: string, envNames: readonly string[]): RuleProblem[] {
  const out: RuleProblem[] = [];
  if (rules.source === self) out.push({ path: ["source"], code: "sync_source_invalid", message: `Environment "${self}" cannot be synced from itself.` });
  else if (!envNames.includes(rules.source)) {
    out.push({ path: ["source"], code: "sync_source_invalid", message: `"${rules.source}" is not an environment of this project (${envNames.filter((n) => n !== self).join(", ") || "none other"}).` });
  }
  if (rules.schedule !== null) {
    const problem = scheduleProblem(rules.schedule);
    if (problem) out.push({ path: ["schedule"], code: "schedule_invalid", message: problem });
  }
  rules.searchReplace.forEach(([search, replace], i) => {
    if (search.length < MIN_SEARCH_LENGTH) {
      out.push({ path: ["searchReplace", i, 0], code: "search_replace_invalid", message: `The search "${search}" is too short: at least ${MIN_SEARCH_LENGTH} characters, or it would rewrite unrelated text.` });
    } else if (/[\u0000-\u001f]/.test(search + replace)) {
      out.push({ path: ["searchReplace", i], code: "search_replace_invalid", message: "Search and replace strings cannot contain control characters." });
    }
  });
  for (const field of ["truncateTables", "excludeTables"] as const) {
    rules[field].forEach((pattern, i) => {
      if (!TABLE_PATTERN.test(pattern)) {
        out.push({ path: [field, i], code: "table_pattern_invalid", message: `"${pattern}" is not a table name or pattern: letters, digits, _, $ and * only.` });
      }
    });
  }
  return out;
}

/** The rules stored on an environment row; null when it is never synced into. */
export function rulesOf(row: EnvironmentRow): SyncRules | null {
  if (row.syncSource === null) return null;
  return {
    source: row.syncSource,
    schedule: row.syncSchedule,
    searchReplace: JSON.parse(row.searchReplace) as [string, string][],
    anonymizeUsers: row.anonymizeUsers,
    keepUsers: JSON.parse(row.keepUsers) as string[],
    truncateTables: JSON.parse(row.truncateTables) as string[],
    excludeTables: JSON.parse(row.excludeTables) as string[],
  };
}

/** Row columns holding `rules` (null clears them). */
export function rulesColumns(rules: SyncRules | null): Pick<
  NewEnvironmentRow,
  "syncSource" | "syncSchedule" | "searchReplace" | "anonymizeUsers" | "keepUsers" | "truncateTables" | "excludeTables"
> {
  return {
    syncSource: rules?.source ?? null,
    syncSchedule: rules?.schedule ?? null,
    searchReplace: JSON.stringify(rules?.searchReplace ?? []),
    anonymizeUsers: rules?.anonymizeUsers ?? false,
    keepUsers: JSON.stringify(rules?.keepUsers ?? []),
    truncateTables: JSON.stringify(rules?.truncateTables ?? []),
    excludeTables: JSON.stringify(rules?.excludeTables ?? []),
  };
}
