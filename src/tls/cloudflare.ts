// Cloudflare for DNS-01: a minimal v4 API client over fetch (find the zone that holds a name,
// add a TXT record, delete it again) and a check that the zone's own nameservers serve the new
// record before the CA looks. Cloudflare answers `{success, errors, result}`; its error text is
// what the user needs to fix a token or zone, so it is passed through.
import { Resolver, resolve4 } from "node:dns/promises";
import { isIP } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { DomainError } from "../lib/errors.ts";

export const CLOUDFLARE_API_BASE = "https://api.cloudflare.com/client/v4";

/** Long enough for a slow API, short enough that a hung connection does not hold a job. */
const REQUEST_TIMEOUT_MS = 30_000;

// Error codes Cloudflare uses for a missing, malformed, expired or under-privileged token.
const AUTH_CODES = new Set([1000, 1001, 6003, 6111, 9106, 9109, 10000, 10001]);

export interface CloudflareOptions {
  apiBase?: string;
  token: string;
  signal?: AbortSignal;
}

export interface Zone {
  id: string;
  name: string;
  /** The zone's authoritative nameservers as Cloudflare lists them (host names; "ip" or "ip:port" also work). */
  nameServers: string[];
}

export interface ChallengeRecord {
  record: string;
  value: string;
  zone: Zone;
  remove(): Promise<void>;
}

interface Envelope<T> {
  success?: boolean;
  errors?: { code?: number; message?: string }[];
  result?: T;
}

const describe = (errors: Envelope<unknown>["errors"]) =>
  (errors ?? []).map((e) => `${e.message ?? "unknown error"}${e.code !== undefined ? ` (code ${e.code})` : ""}`).join("; ");

export class Cloudflare {
  private readonly apiBase: string;
  private readonly zones = new Map<string, Zone>();

  constructor(private readonly opts: CloudflareOptions) {
    this.apiBase = (opts.apiBase ?? CLOUDFLARE_API_BASE).replace(/\/+$/, "");
  }

  /** The zone holding `name`: the name itself, then each parent, as Cloudflare knows them for this token. */
  async findZone(name: string): Promise<Zone> {
    const labels = name.replace(/^\*\./, "").split(".");
    const tried: string[] = [];
    // A zone has at least two labels (example.com); a bare TLD is never one of ours.
    for (let i = 0; i <= labels.length - 2; i++) {
      const candidate = labels.slice(i).join(".");
      tried.push(candidate);
      const zones = await this.call<{ id: string; name: string; name_servers?: string[] }[]>(
        "GET",
        `/zones?name=${encodeURIComponent(candidate)}`,
        undefined,
        `looking up the zone ${candidate}`,
      );
      const zone = (zones ?? []).find((z) => z.name === candidate);
      if (zone) return { id: zone.id, name: zone.name, nameServers: zone.name_servers ?? [] };
    }
    throw new DomainError(
      "invalid",
      "cloudflare_zone_not_found",
      `No Cloudflare zone for ${name} is visible to this API token (tried ${tried.join(", ")}). Add the domain to Cloudflare or give the token Zone:Read and DNS:Edit on it.`,
    );
  }

  /**
   * DNS-01: adds the TXT record `_acme-challenge.<name>` (a wildcard's `*.` dropped) in the zone
   * holding the name; `remove` deletes it again. Zone lookups are cached per instance.
   */
  async addChallengeRecord(name: string, value: string): Promise<ChallengeRecord> {
    const base = name.replace(/^\*\./, "");
    const zone = this.zones.get(base) ?? (await this.findZone(base));
    this.zones.set(base, zone);
    const record = `_acme-challenge.${base}`;
    const id = await this.createTxt(zone.id, record, value);
    return { record, value, zone, remove: () => this.deleteRecord(zone.id, id) };
  }

  /** Adds a TXT record; returns its id (for deleteRecord). */
  async createTxt(zoneId: string, name: string, content: string): Promise<string> {
    const record = await this.call<{ id: string }>(
      "POST",
      `/zones/${encodeURIComponent(zoneId)}/dns_records`,
      { type: "TXT", name, content, ttl: 60 },
      `creating the TXT record ${name}`,
    );
    if (!record?.id) throw new DomainError("unavailable", "cloudflare_failed", `Cloudflare created the TXT record ${name} but returned no record id.`);
    return record.id;
  }

  async deleteRecord(zoneId: string, id: string): Promise<void> {
    await this.call("DELETE", `/zones/${encodeURIComponent(zoneId)}/dns_records/${encodeURIComponent(id)}`, undefined, `deleting DNS record ${id}`);
  }

  private async call<T>(method: string, path: string, body: unknown, what: string): Promise<T> {
    const signals = [AbortSignal.timeout(REQUEST_TIMEOUT_MS), ...(this.opts.signal ? [this.opts.signal] : [])];
    let res: Response;
    try {
      res = await fetch(`${this.apiBase}${path}`, {
        method,
        headers: { Authorization: `Bearer ${this.opts.token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.any(signals),
      });
    } catch (err) {
      this.opts.signal?.throwIfAborted();
      throw new DomainError("unavailable", "cloudflare_unreachable", `Could not reach Cloudflare at ${this.apiBase} while ${what}: ${(err as Error).message}`);
    }
    const text = await res.text();
    let env: Envelope<T>;
    try {
      env = JSON.parse(text) as Envelope<T>;
    } catch {
      throw new DomainError("unavailable", "cloudflare_failed", `Cloudflare answered HTTP ${res.status} without JSON while ${what}: ${text.slice(0, 200)}`);
    }
    if (res.ok && env.success !== false) return env.result as T;
    const detail = describe(env.errors) || `HTTP ${res.status}`;
    if (res.status === 401 || res.status === 403 || (env.errors ?? []).some((e) => e.code !== undefined && AUTH_CODES.has(e.code))) {
      throw new DomainError("invalid", "cloudflare_token_refused", `Cloudflare refused the token while ${what}: ${detail}`);
    }
    throw new DomainError("unavailable", "cloudflare_failed", `Cloudflare returned an error while ${what}: ${detail}`);
  }
}

/** One address per nameserver: IPs as given, host names through the system resolver (unresolvable ones are skipped). */
async function nameServerAddresses(zone: Zone): Promise<string[]> {
  const one = async (ns: string) => (isIP(ns) || /^[0-9.]+:\d+$/.test(ns) ? ns : ((await resolve4(ns).catch(() => []))[0] ?? null));
  return (await Promise.all(zone.nameServers.map(one))).filter((a): a is string => a !== null);
}

async function serves(server: string, record: string, value: string, signal?: AbortSignal): Promise<boolean> {
  const resolver = new Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers([server]);
  const cancel = () => resolver.cancel();
  signal?.addEventListener("abort", cancel, { once: true });
  try {
    return (await resolver.resolveTxt(record)).some((chunks) => chunks.join("") === value);
  } catch {
    return false; // NXDOMAIN, no answer yet, timeout: all mean "not yet"
  } finally {
    signal?.removeEventListener("abort", cancel);
  }
}

/**
 * Polls (once a second, at most `ms`) until every authoritative nameserver of each record's zone
 * serves its value: the CA asks those servers directly, and asking it too early fails the order.
 * "unchecked" when no nameserver address is known.
 */
export async function waitUntilServed(records: ChallengeRecord[], ms: number, signal?: AbortSignal): Promise<"served" | "timeout" | "unchecked"> {
  const servers = new Map<string, string[]>();
  for (const r of records) if (!servers.has(r.zone.id)) servers.set(r.zone.id, await nameServerAddresses(r.zone));
  if ([...servers.values()].some((s) => s.length === 0)) return "unchecked";
  const deadline = Date.now() + ms;
  for (;;) {
    const checks = records.flatMap((r) => servers.get(r.zone.id)!.map((server) => serves(server, r.record, r.value, signal)));
    if ((await Promise.all(checks)).every(Boolean)) return "served";
    signal?.throwIfAborted();
    if (Date.now() >= deadline) return "timeout";
    await delay(Math.min(1000, deadline - Date.now()), undefined, { signal }).catch(() => signal?.throwIfAborted());
  }
}
