/** The environment dialog's form: to and from the API shapes, and checks that mirror the API's rules. Pure. */
import type { Environment, NewEnvironment, SyncRules } from "../../api";
import { looksLikeCron } from "../backups/schedule";

/** The API refuses shorter search strings: they would rewrite nearly everything. */
export const MIN_SEARCH_LENGTH = 4;
const TABLE_PATTERN = /^[A-Za-z0-9_$*]+$/;
const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

export interface EnvForm {
  name: string;
  appId: string;
  domain: string;
  synced: boolean;
  source: string;
  schedule: string;
  pairs: [string, string][];
  anonymizeUsers: boolean;
  keepUsers: string[];
  truncateTables: string[];
  excludeTables: string[];
}

export type EnvField = "name" | "appId" | "domain" | "source" | "schedule" | "pairs" | "keepUsers" | "truncateTables" | "excludeTables";
export type EnvErrors = Partial<Record<EnvField, string>>;

export function envToForm(env: Environment | null, defaultSource = ""): EnvForm {
  const s = env?.sync ?? null;
  return {
    name: env?.name ?? "",
    appId: env ? String(env.appId) : "",
    domain: env?.domain ?? "",
    synced: !!s,
    source: s?.source ?? defaultSource,
    schedule: s?.schedule ?? "",
    pairs: s ? s.searchReplace.map(([a, b]) => [a, b] as [string, string]) : [],
    anonymizeUsers: s?.anonymizeUsers ?? false,
    keepUsers: s?.keepUsers ?? [],
    truncateTables: s?.truncateTables ?? [],
    excludeTables: s?.excludeTables ?? [],
  };
}

export function rulesOf(f: EnvForm): SyncRules | null {
  if (!f.synced) return null;
  return {
    source: f.source,
    schedule: f.schedule.trim() || null,
    searchReplace: f.pairs.filter(([a, b]) => a.trim() || b.trim()),
    anonymizeUsers: f.anonymizeUsers,
    keepUsers: f.keepUsers,
    truncateTables: f.truncateTables,
    excludeTables: f.excludeTables,
  };
}

export const envBody = (f: EnvForm): NewEnvironment => ({
  name: f.name.trim(),
  appId: Number(f.appId),
  domain: f.domain.trim() || null,
  sync: rulesOf(f),
});

export const tablePatternError = (p: string): string | null =>
  TABLE_PATTERN.test(p) ? null : `"${p}": letters, digits, _, $ and * only.`;

/** Problems the user can fix before sending; the server has the last word. */
export function checkEnv(f: EnvForm, otherNames: string[]): EnvErrors {
  const e: EnvErrors = {};
  const name = f.name.trim();
  if (!name) e.name = "Give the environment a name (prod, staging, dev…).";
  else if (!ENV_NAME.test(name)) e.name = "Letters, digits, - and _ only, up to 40 characters.";
  else if (otherNames.includes(name)) e.name = "Another environment of this project has that name.";
  if (!f.appId) e.appId = "Choose the app this environment runs.";
  if (f.domain.trim() && !/^[A-Za-z0-9.-]+(:\d+)?$/.test(f.domain.trim())) e.domain = "A host name such as dev.example.com (no https://).";
  if (!f.synced) return e;
  if (!f.source) e.source = "Choose the environment its data comes from.";
  else if (f.source === name) e.source = "An environment can't be synced from itself.";
  if (f.schedule.trim() && !looksLikeCron(f.schedule)) e.schedule = "Not a cron expression (minute hour day month weekday).";
  const pairs = f.pairs.filter(([a, b]) => a.trim() || b.trim());
  const short = pairs.find(([a]) => a.length < MIN_SEARCH_LENGTH);
  if (short) e.pairs = `Search strings need at least ${MIN_SEARCH_LENGTH} characters ("${short[0]}" would rewrite far too much).`;
  const bad = (list: string[]) => list.map(tablePatternError).find((x) => x) ?? undefined;
  e.truncateTables = bad(f.truncateTables);
  e.excludeTables = bad(f.excludeTables);
  for (const k of Object.keys(e) as EnvField[]) if (!e[k]) delete e[k];
  return e;
}

/** API error codes that belong to one field of the dialog. */
const FIELD_OF_CODE: Record<string, EnvField> = {
  search_replace_invalid: "pairs",
  schedule_invalid: "schedule",
  table_pattern_invalid: "truncateTables",
  sync_source_invalid: "source",
  environment_name_taken: "name",
  app_in_other_project: "appId",
};
const FIELDS: EnvField[] = ["name", "appId", "domain", "source", "schedule", "keepUsers", "truncateTables", "excludeTables"];

/** The dialog field an API error is about: from details.key ("sync.excludeTables.0") or else its code. */
export function fieldOfError(code: string, details: unknown): EnvField | undefined {
  const key = details && typeof details === "object" && "key" in details ? String((details as { key: unknown }).key) : "";
  const part = key.split(".")[key.startsWith("sync.") ? 1 : 0];
  if (part === "searchReplace") return "pairs";
  if (part && (FIELDS as string[]).includes(part)) return part as EnvField;
  return FIELD_OF_CODE[code];
}
