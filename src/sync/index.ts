// Sync: copying a database between environments and making it fit its new home. So far the
// transform engine: WordPress-safe search-replace over a whole database.
export { parseDatabaseUrl } from "./database-url.ts";
export { replaceValue } from "./replace-value.ts";
export { parsePhp, type PhpValue } from "./php-serialize.ts";
// Used by the wordpress domain: one session on an app database, identifiers quoted by the engine's rules.
export { param, quote, withTarget } from "./catalog.ts";
export { compileRules, MIN_SEARCH_LENGTH, type Needle, type SearchReplacePair } from "./rules.ts";
export { searchReplace, type DbTarget, type SearchReplaceOptions } from "./search-replace.ts";
export { summaryLine, tableLine, type SearchReplaceReport, type TableResult } from "./report.ts";
// Transforms applied to the staging copy during a sync, and where an app's database is.
export { assertTablePatterns, matchTables } from "./table-patterns.ts";
export { truncateTables, type TruncateOptions, type TruncatedTable } from "./truncate.ts";
export { anonymizeUsers, type AnonymizeOptions, type AnonymizeReport } from "./anonymize.ts";
export { checkWordPressUrl, setWordPressUrls, wordpressPrefix, type SetUrlsOptions } from "./wp-urls.ts";
export { embeddedService, resolveAppDatabase, type AppDatabase, type AppDatabaseDeps } from "./app-database.ts";
// The sync job, its runs, revert and schedule (the panel wires createSync).
export { createSync, type Sync, type SyncRun } from "./service.ts";
export type { SyncReport } from "./sync-types.ts";
