// Which backups to keep: the last N, plus the newest of each of the last D days, W ISO weeks
// and M months (the usual grandfather-father-son rotation). Pure, so it is tested on dates.
import { z } from "zod";

export const retentionSchema = z
  .object({
    keepLast: z.number().int().min(1).max(1000).default(7),
    daily: z.number().int().min(0).max(1000).default(0),
    weekly: z.number().int().min(0).max(1000).default(0),
    monthly: z.number().int().min(0).max(1000).default(0),
  })
  .strict();
export type Retention = z.infer<typeof retentionSchema>;

const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const month = (t: number) => new Date(t).toISOString().slice(0, 7);
function isoWeek(t: number): string {
  const d = new Date(t);
  const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7)));
  const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round((thursday.getTime() - firstThursday.getTime()) / 604_800_000);
  return `${thursday.getUTCFullYear()}-W${week}`;
}

/** Ids to delete among successful backups (`at` = creation time). Never deletes the newest. */
export function toPrune(backups: { id: string; at: number }[], r: Retention): string[] {
  const sorted = [...backups].sort((a, b) => b.at - a.at);
  const keep = new Set(sorted.slice(0, Math.max(1, r.keepLast)).map((b) => b.id));
  for (const [count, bucket] of [
    [r.daily, day],
    [r.weekly, isoWeek],
    [r.monthly, month],
  ] as const) {
    const seen = new Set<string>();
    for (const b of sorted) {
      if (seen.size >= count) break;
      const k = bucket(b.at);
      if (!seen.has(k)) {
        seen.add(k);
        keep.add(b.id);
      }
    }
  }
  return sorted.filter((b) => !keep.has(b.id)).map((b) => b.id);
}
