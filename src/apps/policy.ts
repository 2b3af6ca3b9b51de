// Compose features that hand a container the host: who deploys them must be an admin or owner.
// (Peers' users escalate to root by deploying a compose file with the Docker socket mounted.)
import { isAbsolute, normalize } from "node:path";
import type { Compose } from "./compose-model.ts";

const isMap = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const DANGEROUS_CAPS = new Set(["ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_PTRACE", "SYS_RAWIO", "NET_ADMIN", "DAC_READ_SEARCH"]);

/** A bind source that stays inside the app folder is the app's own business; anything else is the host's. */
function bindEscapes(source: string): boolean {
  if (source.includes("docker.sock")) return true;
  if (source.startsWith("~") || isAbsolute(source)) return true;
  const rel = normalize(source);
  return rel === ".." || rel.startsWith("../");
}

function volumeSource(v: unknown): { source: string; bind: boolean } | undefined {
  if (typeof v === "string") {
    const source = v.split(":")[0]!;
    // Named volumes are plain names; paths (./x, /x, ~/x, ../x) are bind mounts.
    return { source, bind: /^[.~/]/.test(source) };
  }
  if (isMap(v) && typeof v.source === "string") return { source: v.source, bind: v.type === "bind" };
  return undefined;
}

/** Human-readable list of the privileged things this compose file asks for (empty = none). */
export function privilegedFeatures(compose: Compose): string[] {
  const found: string[] = [];
  for (const [name, svc] of Object.entries(compose.services)) {
    const at = `service "${name}"`;
    if (svc.privileged === true || svc.privileged === "true") found.push(`${at} runs privileged`);
    for (const key of ["network_mode", "pid", "ipc", "userns_mode", "uts"] as const) {
      if (svc[key] === "host") found.push(`${at} uses the host's ${key.replace("_mode", "")} namespace`);
    }
    const caps = Array.isArray(svc.cap_add) ? svc.cap_add.map(String) : [];
    for (const cap of caps) if (DANGEROUS_CAPS.has(cap.replace(/^CAP_/, "").toUpperCase())) found.push(`${at} adds capability ${cap}`);
    if (Array.isArray(svc.devices) && svc.devices.length) found.push(`${at} maps host devices`);
    const secOpts = Array.isArray(svc.security_opt) ? svc.security_opt.map(String) : [];
    if (secOpts.some((o) => o.includes("unconfined"))) found.push(`${at} disables a security profile`);
    for (const v of Array.isArray(svc.volumes) ? svc.volumes : []) {
      const src = volumeSource(v);
      if (src?.bind && bindEscapes(src.source)) {
        found.push(src.source.includes("docker.sock") ? `${at} mounts the Docker socket` : `${at} mounts host path ${src.source}`);
      }
    }
  }
  // Top-level volumes with driver_opts binding host paths are a side door to the same thing.
  if (isMap(compose.volumes)) {
    for (const [name, vol] of Object.entries(compose.volumes)) {
      const opts = isMap(vol) && isMap(vol.driver_opts) ? vol.driver_opts : undefined;
      if (opts && typeof opts.device === "string" && bindEscapes(opts.device)) found.push(`volume "${name}" binds host path ${opts.device}`);
    }
  }
  return found;
}
