/** Certificate status in words and colours, shared by the Domains list, the domain page and the app's Domains tab. */
import type { Domain } from "../../api";
import type { Tone } from "../ui/Badge";

export type HttpsStatus = "none" | "issuing" | "active" | "renewal-failed" | "expired" | "failed";

export const isWildcard = (name: string): boolean => name.startsWith("*.");

/** Wildcard names can only be validated over DNS-01. */
export const needsDns01 = (d: Pick<Domain, "hostname" | "aliases" | "names">): boolean =>
  [d.hostname, ...d.aliases, ...d.names].some(isWildcard);

export function httpsStatus(d: Pick<Domain, "certificate">): HttpsStatus {
  const c = d.certificate;
  if (!c) return "none";
  if (c.state === "issuing") return "issuing";
  if (c.state === "failed") return "failed";
  if (c.daysLeft !== null && c.daysLeft < 0) return "expired";
  return c.lastError ? "renewal-failed" : "active";
}

/** Red under 7 days, amber under 30, green otherwise. */
export function expiryTone(daysLeft: number | null): Tone {
  if (daysLeft === null) return "neutral";
  if (daysLeft < 7) return "danger";
  if (daysLeft < 30) return "warning";
  return "success";
}

export function expiryLabel(daysLeft: number | null): string {
  if (daysLeft === null) return "expiry unknown";
  if (daysLeft < -1) return `expired ${-daysLeft} days ago`;
  if (daysLeft < 0) return "expired yesterday";
  if (daysLeft === 0) return "expires today";
  return `expires in ${daysLeft} day${daysLeft === 1 ? "" : "s"}`;
}

export const sourceLabel = (d: Pick<Domain, "certificate">): string => {
  const c = d.certificate;
  if (!c) return "—";
  if (c.source === "upload") return "Uploaded";
  return `ACME${c.challenge ? ` (${c.challenge.toUpperCase()})` : ""}`;
};

/** Sort key for the HTTPS column: problems first, then by days left. */
export function httpsSortKey(d: Domain): number {
  const s = httpsStatus(d);
  if (s === "failed" || s === "expired") return -2000;
  if (s === "issuing") return -1000;
  if (s === "none") return 100_000;
  return d.certificate?.daysLeft ?? 50_000;
}

/** The address to open the site at. */
export const siteUrl = (d: Pick<Domain, "hostname" | "tls">): string => `${d.tls ? "https" : "http"}://${d.hostname}`;
