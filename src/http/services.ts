// Everything the HTTP layer may call: the domains' public faces, wired by cli/serve.ts.
import type { Agents } from "../agents/index.ts";
import type { Apps } from "../apps/index.ts";
import type { Audit } from "../audit/index.ts";
import type { Auth } from "../auth/index.ts";
import type { Config } from "../config/index.ts";
import type { Containers } from "../containers/index.ts";
import type { Logs } from "../logs/index.ts";
import type { Jobs } from "../jobs/index.ts";
import type { Bus } from "../lib/events.ts";
import type { Logger } from "../lib/log.ts";
import type { Metrics } from "../metrics/index.ts";
import type { Domains } from "../proxy/index.ts";
import type { Servers } from "../servers/index.ts";
import type { TemplateLibrary } from "../templates/index.ts";
import type { Tls } from "../tls/index.ts";
import type { Databases } from "../databases/index.ts";
import type { Backups } from "../backups/index.ts";
import type { Alerts } from "../alerts/index.ts";
import type { Notify } from "../notify/index.ts";

export interface Services {
  config: Config;
  version: string;
  startedAt: number;
  log: Logger;
  bus: Bus;
  auth: Auth;
  audit: Audit;
  jobs: Jobs;
  servers: Servers;
  agents: Agents;
  containers: Containers;
  logs: Logs;
  templates: () => TemplateLibrary;
  apps: Apps;
  domains: Domains;
  tls: Tls;
  databases: Databases;
  backups: Backups;
  notify: Notify;
  alerts: Alerts;
  metrics: Metrics;
}
