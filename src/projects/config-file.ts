// serverkit.yaml: parsed with the yaml package (positions kept), checked with zod and the sync
// rules' checks, and every problem reported with the line, column and key it is about, so a user
// fixing the file knows where to look.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { z } from "zod";
import { invalid, type DomainError } from "../lib/errors.ts";
import { domainSchema, ENV_NAME, ruleProblems } from "./rules.ts";
import type { SyncRules } from "./types.ts";

export const CONFIG_FILE_NAME = "serverkit.yaml";
const MAX_BYTES = 256 * 1024;

const tableList = z.array(z.string().min(1).max(128)).max(200).default([]);
const dbSyncSchema = z
  .object({
    source: z.string().min(1).max(40),
    schedule: z.string().trim().min(1).max(120).nullable().default(null),
    search_replace: z.array(z.tuple([z.string().max(4000), z.string().max(4000)])).max(100).default([]),
    anonymize_users: z.boolean().default(false),
    keep_users: z.array(z.string().min(1).max(254)).max(200).default([]),
    truncate_tables: tableList,
    exclude_tables: tableList,
  })
  .strict();

const environmentSchema = z
  .object({
    server: z.string().min(1).max(100).optional(),
    app: z.string().min(1).max(63),
    domain: domainSchema.nullable().optional(),
    db_sync: dbSyncSchema.nullable().optional(),
  })
  .strict();

const fileSchema = z
  .object({
    environments: z.record(z.string().regex(ENV_NAME, "an environment name: letters, digits, _ and -, up to 40 characters"), environmentSchema),
  })
  .strict();

/** One environment as the file describes it (names not yet resolved to ids). */
export interface FileEnvironment {
  name: string;
  /** Server name or id; null = wherever an app of that name is, if only one. */
  server: string | null;
  app: string;
  domain: string | null;
  sync: SyncRules | null;
}

export type ConfigPath = (string | number)[];

export interface ParsedConfig {
  environments: FileEnvironment[];
  /** A config_invalid error pointing at `path` in the file (for checks done after parsing). */
  problem(path: ConfigPath, problem: string): DomainError;
}

/** Where each SyncRules field lives in the file. */
const FILE_KEY: Record<keyof SyncRules, string> = {
  source: "source",
  schedule: "schedule",
  searchReplace: "search_replace",
  anonymizeUsers: "anonymize_users",
  keepUsers: "keep_users",
  truncateTables: "truncate_tables",
  excludeTables: "exclude_tables",
};

export const keyOf = (path: ConfigPath): string =>
  path.reduce<string>((acc, seg) => (typeof seg === "number" ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), "");

/** Offset of the node `path` names; the nearest key on the way when the path goes further than the file. */
function offsetOf(doc: Document, path: ConfigPath): number {
  let node: unknown = doc.contents;
  let at = (doc.contents?.range?.[0] as number | undefined) ?? 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      at = (pair.key as { range?: [number, number, number] }).range?.[0] ?? at;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg] as { range?: [number, number, number] } | undefined;
      if (!item) break;
      at = item.range?.[0] ?? at;
      node = item;
    } else break;
  }
  return at;
}

function located(doc: Document, lines: LineCounter, path: ConfigPath, problem: string): DomainError {
  const { line, col } = lines.linePos(offsetOf(doc, path));
  const key = keyOf(path);
  return invalid("config_invalid", `serverkit.yaml line ${line}, column ${col}${key ? ` (${key})` : ""}: ${problem}`, { line, column: col, key, problem });
}

function zodProblem(issue: z.core.$ZodIssue): { path: ConfigPath; problem: string } {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  if (issue.code === "unrecognized_keys") {
    const known = issue.keys.join(", ");
    return { path: [...path, issue.keys[0]!], problem: `unknown key${issue.keys.length > 1 ? "s" : ""}: ${known}` };
  }
  if (issue.code === "invalid_type" && issue.input === undefined) return { path, problem: "required" };
  return { path, problem: issue.message };
}

/** Parses and checks a serverkit.yaml; throws invalid "config_invalid" with {line, column, key, problem}. */
export function parseConfig(text: string): ParsedConfig {
  const lines = new LineCounter();
  if (Buffer.byteLength(text) > MAX_BYTES) throw invalid("config_invalid", `serverkit.yaml is larger than ${MAX_BYTES} bytes.`, { line: 1, column: 1, key: "", problem: "too large" });
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const pos = syntax.linePos?.[0] ?? { line: 1, col: 1 };
    const problem = syntax.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    throw invalid("config_invalid", `serverkit.yaml line ${pos.line}, column ${pos.col}: ${problem}`, { line: pos.line, column: pos.col, key: "", problem });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw located(doc, lines, [], (err as Error).message);
  }
  const parsed = fileSchema.safeParse(data ?? {});
  if (!parsed.success) {
    // A misspelt key also shows up as a missing one: name the misspelling.
    const issues = parsed.error.issues;
    const first = zodProblem(issues.find((i) => i.code === "unrecognized_keys") ?? issues[0]!);
    throw located(doc, lines, first.path, first.problem);
  }
  const entries = Object.entries(parsed.data.environments);
  if (entries.length === 0) throw located(doc, lines, ["environments"], "name at least one environment");
  const names = entries.map(([name]) => name);
  const environments = entries.map(([name, e]): FileEnvironment => {
    const s = e.db_sync;
    const sync: SyncRules | null = s
      ? {
          source: s.source,
          schedule: s.schedule,
          searchReplace: s.search_replace,
          anonymizeUsers: s.anonymize_users,
          keepUsers: s.keep_users,
          truncateTables: s.truncate_tables,
          excludeTables: s.exclude_tables,
        }
      : null;
    if (sync) {
      const first = ruleProblems(sync, name, names)[0];
      if (first) {
        const [field, ...rest] = first.path;
        throw located(doc, lines, ["environments", name, "db_sync", FILE_KEY[field as keyof SyncRules], ...rest], first.message);
      }
    }
    return { name, server: e.server ?? null, app: e.app, domain: e.domain ?? null, sync };
  });
  return { environments, problem: (path, problem) => located(doc, lines, path, problem) };
}
