// What a search-replace pass found and did, per table and column, and its one-line summaries
// for job logs and the CLI.
export interface ColumnCount {
  column: string;
  /** Cells rewritten (or, in a dry run, that would be). */
  changed: number;
  /** Cells holding a search string that could not be replaced safely (left as they were). */
  skipped: number;
}

export interface Sample {
  column: string;
  /** The row: its primary key, or its position among the matching rows. */
  row: string;
  before: string;
  after: string;
}

export type RowAddressing = "primary-key" | "ctid" | "all-columns";

export interface TableResult {
  table: string;
  addressing: RowAddressing;
  /** Rows read because a text column mentions a search string. */
  matched: number;
  /** Rows rewritten (or that would be, in a dry run). */
  changed: number;
  skipped: number;
  columns: ColumnCount[];
  samples: Sample[];
}

export interface SearchReplaceReport {
  dryRun: boolean;
  tables: TableResult[];
  /** Tables that have no text column to look at. */
  tablesWithoutText: number;
  matched: number;
  changed: number;
  skipped: number;
  ms: number;
}

const SAMPLE_CONTEXT = 40;

/** The part of `before`/`after` around their first difference, so long posts stay readable in a log. */
export function sampleOf(column: string, row: string, before: string, after: string): Sample {
  let i = 0;
  while (i < before.length && before[i] === after[i]) i++;
  const start = Math.max(0, i - SAMPLE_CONTEXT);
  const cut = (s: string) => (start > 0 ? "…" : "") + s.slice(start, i + 2 * SAMPLE_CONTEXT) + (s.length > i + 2 * SAMPLE_CONTEXT ? "…" : "");
  return { column, row, before: cut(before), after: cut(after) };
}

export function tableLine(t: TableResult, dryRun: boolean): string {
  const cols = t.columns.filter((c) => c.changed > 0).map((c) => `${c.column} ${c.changed}`);
  const verb = dryRun ? "would change" : "changed";
  const skipped = t.skipped > 0 ? `, ${t.skipped} skipped (unsafe to rewrite)` : "";
  return `${t.table}: ${t.matched} rows matched, ${t.changed} ${verb}${cols.length ? ` (${cols.join(", ")})` : ""}${skipped}`;
}

export function summaryLine(r: SearchReplaceReport): string {
  const verb = r.dryRun ? "would change" : "changed";
  return `${r.tables.length} tables searched, ${r.matched} rows matched, ${r.changed} ${verb}, ${r.skipped} cells skipped in ${(r.ms / 1000).toFixed(2)} s${r.dryRun ? " (dry run: nothing written)" : ""}`;
}
