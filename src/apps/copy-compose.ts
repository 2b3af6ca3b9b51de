// What must change in an app's compose file and .env for a second copy of it to run beside the
// original (a clone restored from a backup): every published host port moves to a new one, and
// fixed container names go (Compose then names containers after the new project). Volumes
// that are not the project's own (`external:` or a fixed `name:`) would be shared with the
// original, so such a file is refused rather than copied. Edits go through the YAML document
// model, so comments and layout of the user's file survive.
import { isMap, isScalar, isSeq, parseDocument, type Scalar, type YAMLMap } from "yaml";
import { invalid } from "../lib/errors.ts";
import { parseCompose } from "./compose-model.ts";
import { ENV_KEY } from "./env-file.ts";

export interface CopyAdapted {
  compose: string;
  env: Record<string, string>;
  moved: { service: string; from: number; to: number }[];
  notes: string[];
}

/** `KEY=value` lines as renderEnvFile writes them (values are never quoted there). */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split("\n")) {
    if (!line.trim() || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    const key = eq > 0 ? line.slice(0, eq) : "";
    if (!ENV_KEY.test(key)) throw invalid("invalid_env", `The .env line "${line.slice(0, 40)}" is not KEY=value.`);
    env[key] = line.slice(eq + 1);
  }
  return env;
}

// A whole `${VAR}`, `${VAR:-default}` or `${VAR-default}`.
const VAR_REF = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}$/;
// Short-syntax segments split on ":", keeping `${A:-1}` and `[::1]` whole.
const SEGMENTS = /(?:\$\{[^}]*\}|\[[^\]]*\]|[^:])+/g;

/**
 * Adapts `composeText` + `env` for a copy; `allocate(oldPort, service)` gives the new host port
 * (the same old port always maps to the same new one, e.g. 53/tcp and 53/udp stay together).
 */
export async function adaptForCopy(composeText: string, env: Record<string, string>, allocate: (old: number, service: string) => Promise<number>): Promise<CopyAdapted> {
  parseCompose(composeText); // a clear error for a broken file before anything else
  const doc = parseDocument(composeText, { version: "1.1" });
  const out = { ...env };
  const moved: CopyAdapted["moved"] = [];
  const notes: string[] = [];
  const mapping = new Map<number, number>();
  const next = async (old: number, service: string) => {
    let port = mapping.get(old);
    if (port === undefined) {
      port = await allocate(old, service);
      mapping.set(old, port);
      moved.push({ service, from: old, to: port });
    }
    return port;
  };

  /** New text for a host-port expression: a literal is replaced, a variable gets a new value in .env. */
  const rehost = async (host: string, service: string): Promise<string> => {
    const ref = VAR_REF.exec(host);
    const value = ref ? out[ref[1]!] || ref[2] || "" : host;
    if (!/^\d+$/.test(value)) {
      if (/^\d+-\d+$/.test(value)) throw invalid("clone_port_range", `services.${service} publishes the port range ${value}; a copy cannot move a range. Change it to single ports first.`);
      throw invalid("clone_port_unreadable", `services.${service}: cannot tell which host port "${host}" publishes.`);
    }
    const port = await next(Number(value), service);
    if (!ref) return String(port);
    out[ref[1]!] = String(port);
    return host;
  };

  const volumes = doc.get("volumes");
  if (isMap(volumes)) {
    for (const pair of volumes.items) {
      const v = pair.value;
      if (isMap(v) && (v.get("external") || v.has("name"))) {
        throw invalid("clone_shared_volume", `Volume ${String(isScalar(pair.key) ? pair.key.value : pair.key)} is external or has a fixed name: a copy would share it with the original app.`);
      }
    }
  }
  const services = doc.get("services") as YAMLMap;
  for (const pair of services.items) {
    const service = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const svc = pair.value as YAMLMap;
    if (svc.has("container_name")) {
      svc.delete("container_name");
      notes.push(`services.${service}: fixed container_name removed (it would collide with the original's)`);
    }
    const ports = svc.get("ports");
    if (!isSeq(ports)) continue;
    for (const item of ports.items) {
      if (isScalar(item)) {
        const raw = String(item.value);
        const [main, proto] = raw.split("/");
        const parts = main!.match(SEGMENTS) ?? [];
        if (parts.length < 2) continue; // container port only: Docker picks a free host port each time
        parts[parts.length - 2] = await rehost(parts[parts.length - 2]!, service);
        const text = parts.join(":") + (proto ? `/${proto}` : "");
        if (text !== raw) (item as Scalar).value = text;
      } else if (isMap(item) && item.has("published")) {
        const node = item.get("published", true) as Scalar;
        const raw = String(node.value);
        const text = await rehost(raw, service);
        if (text !== raw) node.value = typeof node.value === "number" ? Number(text) : text;
      }
    }
  }
  const compose = moved.length || notes.length ? doc.toString() : composeText;
  return { compose, env: out, moved, notes };
}
