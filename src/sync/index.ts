// Sync: copying a database between environments and making it fit its new home. So far the
// transform engine: WordPress-safe search-replace over a whole database.
export { parseDatabaseUrl } from "./database-url.ts";
export { replaceValue } from "./replace-value.ts";
export { compileRules, MIN_SEARCH_LENGTH, type Needle, type SearchReplacePair } from "./rules.ts";
export { searchReplace, type DbTarget, type SearchReplaceOptions } from "./search-replace.ts";
export { summaryLine, tableLine, type SearchReplaceReport, type TableResult } from "./report.ts";
