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
  /** The app's own `version:`, repeated: Compose v1 refuses to merge files of different versions. */
  version?: string;
}

/** null when there is nothing to add (the file is then removed). */
export function renderOverlay(o: OverlayInput): string | null {
  if (o.services.length === 0 || (o.envKeys.length === 0 && !o.hostGateway)) return null;
  for (const k of o.envKeys) if (!ENV_KEY.test(k)) throw new Error(`invalid env key ${k}`);
  const service = {
    ...(o.envKeys.length ? { environment: Object.fromEntries(o.envKeys.map((k) => [k, `\${${k}}`])) } : {}),
    ...(o.hostGateway ? { extra_hosts: ["host.docker.internal:host-gateway"] } : {}),
  };
  const doc = { ...(o.version ? { version: o.version } : {}), services: Object.fromEntries(o.services.map((s) => [s, service])) };
  return `# Written by ServerKit (linked databases). Do not edit: it is rewritten on every deploy.\n${stringify(doc)}`;
}
