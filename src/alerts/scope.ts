// Does a rule watch this thing? One place for the scope rules of metric and event rules.
import type { RuleRow } from "./repo.ts";
import type { MetricSample } from "./sources.ts";

export interface ContainerRef {
  server: string;
  name: string;
  app: string | null;
}

/** `appName` is the name of the app the rule's scopeId points at (null: unknown or removed). */
export function watchesContainer(rule: RuleRow, c: ContainerRef, appName: string | null): boolean {
  switch (rule.scope) {
    case "all":
      return true;
    case "server":
      return rule.scopeId === null || rule.scopeId === c.server;
    case "container":
      return rule.scopeId === null || rule.scopeId === c.name;
    case "app":
      return c.app !== null && (rule.scopeId === null || c.app === appName);
    default:
      return false;
  }
}

export function watchesServer(rule: RuleRow, serverId: string): boolean {
  return rule.scope === "all" || (rule.scope === "server" && (rule.scopeId === null || rule.scopeId === serverId));
}

/** Metric samples: a rule on "app" sees app-level samples and the app's containers' samples when the collector has no app series. */
export function watchesSample(rule: RuleRow, s: MetricSample, appName: string | null): boolean {
  if (rule.metric !== s.metric) return false;
  switch (rule.scope) {
    case "all":
      return true;
    case "server":
      return s.kind === "server" && (rule.scopeId === null || rule.scopeId === s.id);
    case "container":
      return s.kind === "container" && (rule.scopeId === null || rule.scopeId === s.id || rule.scopeId === s.name);
    case "app":
      if (s.kind === "app") return rule.scopeId === null || rule.scopeId === s.id;
      return false;
    default:
      return false;
  }
}

export const containerSubject = (server: string, name: string) => `container:${server}/${name}`;
export const sampleSubject = (s: MetricSample) => (s.kind === "server" ? `server:${s.server}` : `${s.kind}:${s.server}/${s.id}`);
export const sampleLabel = (s: MetricSample) => (s.kind === "server" ? `server ${s.name}` : `${s.kind} ${s.name} on ${s.server}`);
/** The server a subject belongs to, for subjects that have one ("certificate:..." does not). */
export function serverOfSubject(subject: string): string | null {
  const m = /^(?:server|container|app):([^/]+)/.exec(subject);
  return m ? m[1]! : null;
}
