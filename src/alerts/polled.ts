// Event rules that are checked on a timer: disk nearly full, certificate expiring, agent
// offline. Each check turns the panel's current view into one observation per subject.
import type { Logger } from "../lib/log.ts";
import type { Observe } from "./container-events.ts";
import type { RuleRow } from "./repo.ts";
import { watchesServer } from "./scope.ts";
import type { AlertSources } from "./sources.ts";

export const POLLED_EVENTS = new Set(["disk_full", "cert_expiring", "agent_offline"]);

export async function pollChecks(rules: RuleRow[], src: AlertSources, observe: Observe, log: Logger, at = Date.now()): Promise<void> {
  const active = rules.filter((r) => r.enabled && POLLED_EVENTS.has(r.event ?? ""));
  if (active.length === 0) return;
  const need = (e: string) => active.some((r) => r.event === e);
  const servers = need("disk_full") || need("agent_offline") ? await src.servers() : [];

  for (const rule of active.filter((r) => r.event === "agent_offline")) {
    for (const s of servers) {
      if (!watchesServer(rule, s.id)) continue;
      await observe(rule, { subject: `server:${s.id}`, label: `server ${s.name}`, breached: s.status === "offline", value: null, at, detail: "agent offline" });
    }
  }

  if (need("disk_full")) {
    for (const s of servers.filter((x) => x.status === "online")) {
      const rulesHere = active.filter((r) => r.event === "disk_full" && watchesServer(r, s.id));
      if (rulesHere.length === 0) continue;
      let percent: number;
      try {
        const d = await src.disk(s.id);
        percent = d.totalBytes > 0 ? (d.usedBytes / d.totalBytes) * 100 : 0;
      } catch (err) {
        log.warn("disk check failed", { server: s.id, err });
        continue;
      }
      for (const rule of rulesHere) {
        await observe(rule, { subject: `server:${s.id}`, label: `server ${s.name}`, breached: percent >= rule.threshold, value: Math.round(percent * 10) / 10, at, detail: `disk ${percent.toFixed(1)} % full` });
      }
    }
  }

  if (need("cert_expiring")) {
    let certs: Awaited<ReturnType<AlertSources["certificates"]>>;
    try {
      certs = await src.certificates();
    } catch (err) {
      log.warn("certificate check failed", { err });
      return;
    }
    for (const rule of active.filter((r) => r.event === "cert_expiring")) {
      for (const c of certs) {
        if (rule.scope === "app" && rule.scopeId !== null && String(c.appId) !== rule.scopeId) continue;
        if (c.state !== "active" || c.daysLeft === null) continue;
        const detail = c.daysLeft < 0 ? "certificate expired" : `certificate expires in ${c.daysLeft} days`;
        await observe(rule, { subject: `certificate:${c.hostname}`, label: `certificate of ${c.hostname}`, breached: c.daysLeft < rule.threshold, value: c.daysLeft, at, detail });
      }
    }
  }
}
