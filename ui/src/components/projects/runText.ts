/** Short readings of a sync run for tables. Pure. */
import type { SyncRun } from "../../api";
import { elapsed } from "../../lib/format";

/** Rows imported (the import step's count) and rows the search-replace changed, as far as the report says. */
export function rowsText(r: SyncRun): string {
  const rep = r.report;
  if (!rep) return "—";
  const imported = rep.steps.find((s) => /import|copy|dump/i.test(s.name) && s.rows !== undefined)?.rows;
  const changed = rep.searchReplace?.changed;
  const parts: string[] = [];
  if (imported !== undefined && !r.dryRun) parts.push(`${imported.toLocaleString()} copied`);
  if (changed !== undefined) parts.push(`${changed.toLocaleString()} ${r.dryRun ? "would change" : "changed"}`);
  return parts.join(" · ") || "—";
}

export const durationText = (r: SyncRun): string => (r.finishedAt ? elapsed(r.createdAt, r.finishedAt) : r.status === "queued" || r.status === "running" ? "running…" : "—");

export const triggerText = (r: SyncRun): string => `${r.trigger === "schedule" ? "Scheduled" : (r.createdBy ?? "Manual")}${r.dryRun ? " · dry run" : ""}`;
