// The latest values in the Prometheus text exposition format (version 0.0.4): one gauge family
// per scope kind and metric, HELP and TYPE once per family, label values escaped as the format
// requires (backslash, double quote, line feed). No timestamps: Prometheus stamps the scrape,
// and a sample up to one interval old would otherwise be flagged as out of order.
import { METRICS, type MetricName, type ScopeKind } from "./catalog.ts";

export interface LatestEntry {
  server: string;
  kind: ScopeKind;
  id: string | number;
  /** Containers: the app (compose project) they belong to; apps: their name. */
  app: string | null;
  at: number;
  values: Partial<Record<MetricName, number>>;
}

export const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const escapeHelp = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

function labels(e: LatestEntry): string {
  const pairs: [string, string][] = [["server", e.server]];
  if (e.kind === "app") pairs.push(["app_id", String(e.id)]);
  if (e.kind === "container") pairs.push(["container", String(e.id)]);
  if (e.app !== null) pairs.push(["app", e.app]);
  return pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",");
}

function format(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
  return String(v);
}

export function renderPrometheus(entries: LatestEntry[]): string {
  const out: string[] = [];
  for (const kind of ["server", "app", "container"] as const) {
    const ofKind = entries.filter((e) => e.kind === kind);
    for (const def of METRICS) {
      if (!(def.scopes as readonly string[]).includes(kind)) continue;
      const name = `serverkit_${kind}_${def.name}`;
      const lines = ofKind.flatMap((e) => {
        const v = e.values[def.name];
        return v === undefined ? [] : [`${name}{${labels(e)}} ${format(v)}`];
      });
      if (lines.length === 0) continue;
      out.push(`# HELP ${name} ${escapeHelp(def.help)}`, `# TYPE ${name} gauge`, ...lines);
    }
  }
  return out.length ? `${out.join("\n")}\n` : "";
}
