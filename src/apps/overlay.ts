// docker-compose.serverkit.yml: what the panel adds to an app's own compose file without
// editing it. Compose merges it over docker-compose.yml (`-f a -f b`). Today it passes linked
// databases' variables into every service and lets containers reach the host's databases.
import { stringify } from "yaml";
import { ENV_KEY } from "./env-file.ts";

export interface OverlayInput {
  services: string[];
  /** Keys of the app's .env each service should receive as environment variables. */
  envKeys: string[];
  /** Adds host.docker.internal -> the host's gateway (Docker 20.10+), for databases on the host. */
  hostGateway: boolean;
  /**
   * Other apps' networks to join (e.g. "db-main_default" of a database server run as a container,
   * whose port is published on 127.0.0.1 only, so the host's gateway cannot reach it).
   */
  networks?: string[];
  /** Services with a network stack of their own (no network_mode); only they join `networks`. Default: all. */
  ownNetwork?: string[];
  /** The app's own `version:`, repeated: Compose v1 refuses to merge files of different versions. */
  version?: string;
}

const NETWORK = /^[a-z0-9][a-z0-9_.-]{0,127}$/;

/** null when there is nothing to add (the file is then removed). */
export function renderOverlay(o: OverlayInput): string | null {
  const networks = [...new Set(o.networks ?? [])];
  if (o.services.length === 0 || (o.envKeys.length === 0 && !o.hostGateway && networks.length === 0)) return null;
  for (const k of o.envKeys) if (!ENV_KEY.test(k)) throw new Error(`invalid env key ${k}`);
  for (const n of networks) if (!NETWORK.test(n)) throw new Error(`invalid network name ${n}`);
  const service = (name: string) => ({
    ...(o.envKeys.length ? { environment: Object.fromEntries(o.envKeys.map((k) => [k, `\${${k}}`])) } : {}),
    ...(o.hostGateway ? { extra_hosts: ["host.docker.internal:host-gateway"] } : {}),
    // "default" is listed too: naming any network would otherwise take the service off its own.
    ...(networks.length && (o.ownNetwork ?? o.services).includes(name) ? { networks: ["default", ...networks] } : {}),
  });
  const doc = {
    ...(o.version ? { version: o.version } : {}),
    services: Object.fromEntries(o.services.map((s) => [s, service(s)])),
    ...(networks.length ? { networks: Object.fromEntries(networks.map((n) => [n, { external: true }])) } : {}),
  };
  return `# Written by ServerKit (linked databases). Do not edit: it is rewritten on every deploy.\n${stringify(doc)}`;
}
