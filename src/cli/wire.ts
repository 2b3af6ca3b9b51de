// Builds every domain and hands their public faces to the HTTP layer. One place, used by
// `serve` and by the in-process API tests, so both run the same panel.
import { createAgents } from "../agents/index.ts";
import { createApps } from "../apps/index.ts";
import { createAudit } from "../audit/index.ts";
import { createAuth } from "../auth/index.ts";
import type { Config } from "../config/index.ts";
import { createContainers } from "../containers/index.ts";
import { createLogs } from "../logs/index.ts";
import type { Db } from "../db/index.ts";
import type { Services } from "../http/services.ts";
import { createJobs } from "../jobs/index.ts";
import type { SecretBox } from "../lib/crypto.ts";
import { Bus } from "../lib/events.ts";
import type { Logger } from "../lib/log.ts";
import { createDomains, type ApplyHooks } from "../proxy/index.ts";
import { createServers } from "../servers/index.ts";
import { createTemplateLibrary, type TemplateLibrary } from "../templates/index.ts";
import { createTls, type Tls } from "../tls/index.ts";
import { createDatabases } from "../databases/index.ts";
import { createBackups } from "../backups/index.ts";
import { createNotify } from "../notify/index.ts";
import { createAlerts } from "../alerts/index.ts";
import { createMetrics } from "../metrics/index.ts";
import { createSync, resolveAppDatabase } from "../sync/index.ts";
import { createWordPress } from "../wordpress/index.ts";
import { appConfigFileReader, createProjects } from "../projects/index.ts";

export interface WireInput {
  config: Config;
  db: Db;
  box: SecretBox;
  log: Logger;
  version: string;
  startedAt: number;
  /** Overrides for tests (e.g. a shorter settle time after `compose up`). */
  appsSettleMs?: number;
  /** Fault injection into nginx applies (tests). */
  proxyHooks?: ApplyHooks;
  /** The binary new servers download (tests; default: this compiled executable). */
  agentExecutable?: string | null;
}

export async function wireServices(w: WireInput): Promise<Services> {
  const { config, db, box, log } = w;
  const bus = new Bus();
  const jobs = createJobs(db, bus, log.child({ domain: "jobs" }), { ...config.jobs, testJobs: config.testJobs });
  const servers = await createServers(db, log.child({ domain: "servers" }), { dockerSocket: config.dockerSocket, appsDir: config.appsDir });
  // Parsed on first use: 60+ YAML files are not worth resident memory on a panel nobody opened.
  let library: TemplateLibrary | undefined;
  const templates = () => (library ??= createTemplateLibrary({ overrideDir: config.templatesDir, log: log.child({ domain: "templates" }) }));
  const apps = createApps(db, servers, jobs, box, templates, { ports: config.ports, settleMs: w.appsSettleMs });
  const audit = createAudit(db, log.child({ domain: "audit" }));
  const agents = await createAgents(db, { dataDir: config.dataDir, servers, audit: (e) => audit.record(e), log: log.child({ domain: "agents" }), executable: w.agentExecutable });
  // proxy and tls need each other (vhosts render certificate paths; certificates re-apply
  // vhosts); the closures below resolve `tls` once both exist.
  let tls: Tls | undefined;
  const domains = createDomains(db, {
    nginx: config.nginx,
    app: (id) => apps.summary(id),
    addresses: async (serverId) => (await servers.get(serverId)).facts.addresses,
    log: log.child({ domain: "proxy" }),
    hooks: w.proxyHooks,
    certs: { paths: (h) => tls!.paths(h), forget: (h) => tls!.forget(h) },
    certificate: (id) => tls!.certificate(id),
    appContainers: async (appId) => {
      const app = await apps.summary(appId);
      const all = await (await servers.target(app.serverId)).call("containers.list", { all: true });
      return all
        .filter((c) => c.app === app.name)
        .map((c) => ({ name: c.name, state: c.state, status: c.status, hostPorts: c.ports.flatMap((p) => (p.hostPort ? [p.hostPort] : [])) }));
    },
  });
  tls = createTls(db, {
    config: { ...config.tls, acmeWebroot: config.nginx.acmeWebroot },
    box,
    jobs,
    log: log.child({ domain: "tls" }),
    domain: (id) => domains.tlsView(id),
    reapply: (id) => domains.reapply(id),
    audit: (e) => audit.record({ ...e, actor: "system" }),
  });
  const databases = createDatabases(db, {
    box,
    jobs,
    dataDir: config.dataDir,
    apps: {
      summary: (id) => apps.summary(id),
      env: async (id) => Object.fromEntries((await apps.env(id)).map((e) => [e.key, e.value])),
      patchEnv: (actor, id, set, unset, secret) => apps.patchEnv(actor, id, set, unset, secret),
      create: (actor, input) => apps.create(actor, input),
      remove: (actor, id, confirm, removeVolumes) => apps.remove(actor, id, confirm, removeVolumes),
    },
    target: (serverId) => servers.target(serverId),
  });
  apps.provideOverlay((id) => databases.links.overlay(id));
  const backups = createBackups(db, {
    box,
    jobs,
    dataDir: config.dataDir,
    appsDir: config.appsDir,
    log: log.child({ domain: "backups" }),
    app: (id) => apps.summary(id),
    target: (serverId) => servers.target(serverId),
    databasesOfApp: (appId) => databases.sources.forApp(appId),
    database: (serverId, name) => databases.sources.one(serverId, name),
    clone: {
      appExists: (serverId, name) => apps.exists(serverId, name),
      // No principal: the clone route already requires backups:manage (admin), which covers apps:privileged.
      createApp: (input) => apps.createCopy(undefined, input),
      deployApp: (ctx, appId) => apps.deployIn(ctx, appId),
      discardApp: (appId) => apps.discard(appId),
      createDatabase: (serverId, appName, prefix) => databases.copies.create(serverId, appName, prefix),
      attachDatabase: (appId, copy) => databases.copies.attach(appId, copy),
      discardDatabase: (copy) => databases.copies.discard(copy),
    },
  });
  // Removing an app first takes its domains out of Nginx, so no vhost points at a dead port.
  apps.onBeforeRemove((appId) => domains.removeForApp(appId));
  const containers = createContainers({ servers, jobs, log: log.child({ domain: "containers" }) });
  const metrics = createMetrics(db, {
    servers,
    apps: (serverId) => apps.names(serverId),
    log: log.child({ domain: "metrics" }),
    intervalSeconds: config.metrics.intervalSeconds,
  });
  const notify = createNotify(db, { box, log: log.child({ domain: "notify" }), ...config.notify });
  const alerts = createAlerts(db, {
    notify,
    log: log.child({ domain: "alerts" }),
    sources: {
      metrics: { names: () => metrics.metricNames(), onCollected: (listener) => metrics.onCollected((b) => listener(metrics.describe(b))) },
      servers: () => servers.list(),
      disk: async (id) => (await servers.load(id)).disk,
      containerEvents: (server, listener) =>
        containers.live.events(server, (e) => {
          if (e.type === "container") listener({ action: e.action, name: e.name, app: e.app, at: Date.parse(e.at) || Date.now() });
        }),
      certificates: async () =>
        (await domains.list()).flatMap((d) => (d.certificate ? [{ hostname: d.hostname, appId: d.appId, state: d.certificate.state, daysLeft: d.certificate.daysLeft }] : [])),
      appName: async (id) => (await apps.summary(id)).name,
      onJob: (listener) => bus.subscribe("jobs", (type, data) => type === "update" && listener(data as Parameters<typeof listener>[0])),
    },
  });
  await alerts.start();
  const wordpress = createWordPress({
    jobs,
    log: log.child({ domain: "wordpress" }),
    app: (id) => apps.summary(id),
    target: (serverId) => servers.target(serverId),
    database: async (appId) => {
      const d = await resolveAppDatabase({ apps, databases, target: (serverId) => servers.target(serverId) }, appId);
      return { engine: d.dialect, conn: { ...d.conn, database: d.database } };
    },
  });
  const projects = createProjects(db, {
    log: log.child({ domain: "projects" }),
    apps: {
      describe: async (id) => {
        const app = await apps.get(id).catch((err) => (err?.code === "app_not_found" ? null : Promise.reject(err)));
        return app && { id: app.id, name: app.name, serverId: app.serverId, status: app.status, templateId: app.templateId };
      },
      byName: async (serverId, name) => (await apps.names(serverId)).find((a) => a.name === name)?.id ?? null,
      readConfigFile: appConfigFileReader(config.appsDir, (id) => apps.summary(id)),
    },
    servers: { list: () => servers.list() },
    describeDatabase: async (appId) => {
      const d = await resolveAppDatabase({ apps, databases, target: (serverId) => servers.target(serverId) }, appId);
      return { kind: d.kind, engine: d.engine, name: d.database, label: d.label };
    },
  });
  return {
    config,
    version: w.version,
    startedAt: w.startedAt,
    log,
    bus,
    auth: createAuth(db, box, config.auth),
    audit,
    jobs,
    servers,
    agents,
    containers,
    logs: createLogs({ target: (id) => servers.target(id), app: (id) => apps.summary(id) }),
    templates,
    apps,
    domains,
    tls,
    databases,
    backups,
    notify,
    alerts,
    metrics,
    wordpress,
    projects,
    sync: createSync(db, {
      jobs,
      log: log.child({ domain: "sync" }),
      dataDir: config.dataDir,
      projects,
      appDatabase: (appId) => resolveAppDatabase({ apps, databases, target: (serverId) => servers.target(serverId) }, appId),
      app: (id) => apps.summary(id),
      target: (serverId) => servers.target(serverId),
    }),
  };
}
