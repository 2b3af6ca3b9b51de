/** Cron schedules in words, the dialog's presets, and retention summaries. Pure helpers. */
import type { Retention } from "../../api";

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const num = (s: string, max: number) => (/^\d{1,2}$/.test(s) && Number(s) <= max ? Number(s) : null);
const hhmm = (h: number, m: number) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;

/**
 * "0 3 * * *" -> "daily at 03:00", "0 * * * *" -> "hourly", "0 3 * * 0" -> "weekly on Sunday at 03:00",
 * "0 3 1 * *" -> "monthly on day 1 at 03:00"; anything else is null (show the cron itself).
 */
export function cronInWords(cron: string): string | null {
  const f = cron.trim().split(/\s+/);
  if (f.length !== 5) return null;
  const [mi, ho, dom, mon, dow] = f as [string, string, string, string, string];
  const m = num(mi, 59);
  if (m === null || mon !== "*") return null;
  if (ho === "*" && dom === "*" && dow === "*") return m === 0 ? "hourly" : `hourly at :${String(m).padStart(2, "0")}`;
  const h = num(ho, 23);
  if (h === null) return null;
  if (dom === "*" && dow === "*") return `daily at ${hhmm(h, m)}`;
  if (dom === "*" && num(dow, 7) !== null) return `weekly on ${DAYS[num(dow, 7)!]} at ${hhmm(h, m)}`;
  if (dow === "*" && num(dom, 31) !== null && num(dom, 31)! >= 1) return `monthly on day ${num(dom, 31)} at ${hhmm(h, m)}`;
  return null;
}

/** Capitalised words for a schedule, the cron itself when it has no simple reading, "Manual only" for none. */
export function scheduleText(cron: string | null): string {
  if (!cron) return "Manual only";
  const w = cronInWords(cron);
  return w ? w.charAt(0).toUpperCase() + w.slice(1) : cron;
}

export type SchedulePreset = "manual" | "daily" | "hourly" | "weekly" | "custom";
export const SCHEDULE_PRESETS: { value: SchedulePreset; label: string; cron: string | null }[] = [
  { value: "manual", label: "Manual only", cron: null },
  { value: "daily", label: "Daily at 03:00", cron: "0 3 * * *" },
  { value: "hourly", label: "Hourly", cron: "0 * * * *" },
  { value: "weekly", label: "Weekly, Sunday at 03:00", cron: "0 3 * * 0" },
  { value: "custom", label: "Custom (cron)", cron: null },
];

export type DrillPreset = "none" | "weekly" | "monthly";
export const DRILL_PRESETS: { value: DrillPreset; label: string; cron: string | null }[] = [
  { value: "none", label: "No drills", cron: null },
  { value: "weekly", label: "Weekly, Sunday at 05:00", cron: "0 5 * * 0" },
  { value: "monthly", label: "Monthly, on the 1st at 05:00", cron: "0 5 1 * *" },
];

/** A light check of a 5- or 6-field cron (the server has the last word). */
export const looksLikeCron = (s: string): boolean => {
  const f = s.trim().split(/\s+/);
  return (f.length === 5 || f.length === 6) && f.every((x) => /^[\d*,/\-A-Za-z?LW#]+$/.test(x));
};

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/** "Keeps the last 7" or "Keeps the last 7, 7 daily, 4 weekly, 6 monthly". */
export function retentionText(r: Retention): string {
  const extra = [
    r.daily ? `${r.daily} daily` : "",
    r.weekly ? `${r.weekly} weekly` : "",
    r.monthly ? `${r.monthly} monthly` : "",
  ].filter(Boolean);
  return `Keeps the last ${r.keepLast}${extra.length ? `, plus ${extra.join(", ")}` : ""}`;
}

/** "the last 7 backups, plus the newest of each of the last 7 days, 4 weeks and 6 months". */
export function retentionLong(r: Retention): string {
  const extra = [r.daily ? plural(r.daily, "day") : "", r.weekly ? plural(r.weekly, "week") : "", r.monthly ? plural(r.monthly, "month") : ""].filter(Boolean);
  const list = extra.length > 1 ? `${extra.slice(0, -1).join(", ")} and ${extra[extra.length - 1]}` : extra[0];
  return `the last ${plural(r.keepLast, "backup")}${list ? `, plus the newest of each of the last ${list}` : ""}`;
}
