// Reading what matters out of a compose file: that it is one, and which host ports it publishes.
import { parse, YAMLParseError } from "yaml";
import { invalid } from "../lib/errors.ts";

export type Compose = { services: Record<string, Record<string, unknown>>; [key: string]: unknown };

export interface PublishedPort {
  service: string;
  hostPort: number;
  containerPort: string;
  hostIp: string | null;
}

const isMap = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** Parses pasted compose text; a structural problem is a 400 that says where. */
export function parseCompose(text: string): Compose {
  let doc: unknown;
  try {
    doc = parse(text, { version: "1.1", maxAliasCount: 100 });
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? ` (line ${err.linePos[0].line})` : "";
    throw invalid("invalid_compose", `The compose file is not valid YAML${where}: ${(err as Error).message.split("\n")[0]}`);
  }
  if (!isMap(doc)) throw invalid("invalid_compose", "The compose file must be a mapping with a `services:` section.");
  const services = doc.services;
  if (!isMap(services) || Object.keys(services).length === 0) {
    throw invalid("invalid_compose", "The compose file needs a `services:` section with at least one service.");
  }
  for (const [name, svc] of Object.entries(services)) {
    if (!isMap(svc)) throw invalid("invalid_compose", `services.${name} must be a mapping.`, { path: `services.${name}` });
    if (typeof svc.image !== "string" && svc.build === undefined) {
      throw invalid("invalid_compose", `services.${name} needs an \`image:\`.`, { path: `services.${name}.image` });
    }
  }
  return doc as Compose;
}

/** `${NAME}` and `${NAME:-default}` from the .env, as Compose would read them (ports only). */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g, (_, name: string, dflt?: string) => env[name] || dflt || "");
}

function parseShortPort(spec: string): { hostIp: string | null; hosts: number[]; container: string } | undefined {
  // [host_ip:]host[-range]:container[-range][/proto]; a bare container port publishes nothing fixed.
  const [main, proto] = spec.split("/");
  const parts = main!.split(":");
  if (parts.length < 2) return undefined;
  const container = parts.pop()!;
  const host = parts.pop()!;
  const hostIp = parts.length ? parts.join(":").replace(/^\[|\]$/g, "") : null;
  if (!host) return undefined;
  const [from, to] = host.split("-").map(Number);
  if (!Number.isInteger(from)) return undefined;
  const hosts: number[] = [];
  for (let p = from!; p <= (to ?? from!); p++) hosts.push(p);
  return { hostIp, hosts, container: proto ? `${container}/${proto}` : container };
}

export function publishedPorts(compose: Compose, env: Record<string, string> = {}): PublishedPort[] {
  const out: PublishedPort[] = [];
  for (const [service, svc] of Object.entries(compose.services)) {
    const ports = Array.isArray(svc.ports) ? svc.ports : [];
    for (const entry of ports) {
      if (typeof entry === "string" || typeof entry === "number") {
        const parsed = parseShortPort(interpolate(String(entry), env));
        if (!parsed) continue;
        parsed.hosts.forEach((hostPort, i) =>
          out.push({ service, hostPort, containerPort: parsed.hosts.length > 1 ? `${parsed.container}+${i}` : parsed.container, hostIp: parsed.hostIp }),
        );
      } else if (isMap(entry) && entry.published !== undefined) {
        const hostPort = Number(interpolate(String(entry.published), env));
        if (Number.isInteger(hostPort)) {
          out.push({ service, hostPort, containerPort: String(entry.target ?? ""), hostIp: typeof entry.host_ip === "string" ? entry.host_ip : null });
        }
      }
    }
  }
  return out;
}
