/** Formatting helpers for bytes, durations and dates. */

export function formatBytes(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${n < 0 ? "-" : ""}${v.toFixed(i === 0 ? 0 : v >= 100 ? 0 : digits)} ${units[i]}`;
}

export const formatRate = (bytesPerSec: number | null | undefined): string => `${formatBytes(bytesPerSec)}/s`;

export const percent = (used: number, total: number): number => (total > 0 ? Math.min(100, (used / total) * 100) : 0);

export function formatPercent(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "—";
  return `${p < 10 ? p.toFixed(1) : Math.round(p)}%`;
}

export function formatDuration(totalSeconds: number | null | undefined): string {
  if (totalSeconds === null || totalSeconds === undefined || !Number.isFinite(totalSeconds)) return "—";
  const s = Math.max(0, Math.floor(totalSeconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h ${m}m`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

function toDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDateTime(iso: string | null | undefined): string {
  const d = toDate(iso);
  return d ? dateTime.format(d) : "—";
}

export function formatTime(iso: string | null | undefined): string {
  const d = toDate(iso);
  return d ? timeOnly.format(d) : "";
}

export function formatRelative(iso: string | null | undefined, now = Date.now()): string {
  const d = toDate(iso);
  if (!d) return "—";
  const diff = (d.getTime() - now) / 1000;
  const abs = Math.abs(diff);
  if (abs < 45) return "just now";
  if (abs < 3600) return rtf.format(Math.round(diff / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(diff / 3600), "hour");
  if (abs < 86400 * 30) return rtf.format(Math.round(diff / 86400), "day");
  return dateTime.format(d);
}

/** Elapsed time between two ISO dates (or until now). */
export function elapsed(from: string | null | undefined, to?: string | null): string {
  const a = toDate(from);
  if (!a) return "—";
  const b = toDate(to) ?? new Date();
  return formatDuration((b.getTime() - a.getTime()) / 1000);
}
