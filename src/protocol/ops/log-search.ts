// Searching a container's log history where it lives: the agent reads Docker's log output,
// keeps the matching lines and sends only those. Patterns are checked here, by the schema, so
// the panel and the agent refuse the same things with the same words.
import { z } from "zod";
import { logLevels, MAX_PATTERN, patternProblem } from "../log-pattern.ts";

export { compilePattern, logLevels, MAX_PATTERN, patternProblem, stripAnsi, type LogLevel } from "../log-pattern.ts";
/** Most matching lines one search keeps (the newest ones). */
export const MAX_SEARCH_LIMIT = 5000;
/** Most matching lines one export sends. */
export const MAX_EXPORT_LINES = 1_000_000;

export const logSearchArgs = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/, "a container id or name"),
    /** Text to find; empty matches every line (a level or time filter alone). */
    query: z.string().max(MAX_PATTERN).default(""),
    regex: z.boolean().default(false),
    caseSensitive: z.boolean().default(false),
    /** Only lines of these levels; empty or absent: any line, including those without a level. */
    levels: z.array(z.enum(logLevels)).max(4).default([]),
    /** Unix seconds (fractions allowed), both inclusive as Docker applies them. */
    since: z.number().min(0).optional(),
    until: z.number().min(0).optional(),
    limit: z.number().int().min(1).max(MAX_EXPORT_LINES).default(500),
    /** newest: keep the last `limit` matches and send them at the end; otherwise send each match as found, oldest first, until `limit`. */
    newest: z.boolean().default(true),
    /** Wall-clock budget: past it the search stops and says so. */
    budgetMs: z.number().int().min(100).max(120_000).default(10_000),
  })
  .superRefine((a, ctx) => {
    const problem = patternProblem(a.query, a.regex, a.caseSensitive);
    if (problem) ctx.addIssue({ code: "custom", path: ["query"], message: problem });
    if (a.newest && a.limit > MAX_SEARCH_LIMIT) ctx.addIssue({ code: "custom", path: ["limit"], message: `At most ${MAX_SEARCH_LIMIT} newest lines.` });
  });

export const logMatchSchema = z.object({
  stream: z.enum(["stdout", "stderr"]),
  ts: z.string().nullable(),
  /** As printed, ANSI escapes included. */
  text: z.string(),
  level: z.enum(logLevels).nullable(),
  /** [start, end) of each match in the text with its ANSI escapes removed. */
  matches: z.array(z.tuple([z.number().int(), z.number().int()])),
});
export type LogMatch = z.infer<typeof logMatchSchema>;

export const logSearchSummary = z.object({
  scanned: z.number().int(),
  matched: z.number().int(),
  /** More lines matched than were kept. */
  limited: z.boolean(),
  /** The time budget ran out before the end of the log. */
  timedOut: z.boolean(),
});
export type LogSearchSummary = z.infer<typeof logSearchSummary>;

export const logSearchChunk = z.union([z.object({ line: logMatchSchema }), z.object({ done: logSearchSummary })]);
export type LogSearchChunk = z.infer<typeof logSearchChunk>;
