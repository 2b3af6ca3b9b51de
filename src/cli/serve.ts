import { log } from "../lib/log.ts";
import { VERSION } from "../lib/version.ts";
import { createApp } from "../http/app.ts";
import { websocket } from "hono/bun";
import { commonOptions, out, parse } from "./args.ts";
import { boot, flagsFrom } from "./boot.ts";
import { wireServices } from "./wire.ts";

const HELP = `Usage: serverkit serve [options]

Runs the panel: web UI and API.

Options:
  --port N          port to listen on (default 5000; env SERVERKIT_PORT)
  --host ADDR       address to bind (default 0.0.0.0; env SERVERKIT_HOST)
  --data-dir DIR    where the database and keys live (default /var/lib/serverkit)
  --config FILE     config file (default /etc/serverkit/config.yaml)
  -h, --help        show this help`;

export async function serve(argv: string[]): Promise<number> {
  const { values } = parse(argv, { ...commonOptions, port: { type: "string" }, host: { type: "string" } });
  if (values.help) return out(HELP), 0;
  const startedAt = Date.now();
  const b = await boot({ ...flagsFrom(values), port: values.port, host: values.host });
  const { config } = b;
  const services = await wireServices({ config, db: b.database.db, box: b.box, log, version: VERSION, startedAt });
  const { jobs, auth } = services;
  const { app } = await createApp(services);

  // Clean up after a crash before running queued jobs or taking requests: a backup or restore
  // started earlier would be taken for one the crash cut short (marked failed, its files removed).
  await services.backups.start();
  await services.sync.start();
  const recovered = await jobs.recover();
  const server = Bun.serve({ port: config.port, hostname: config.host, fetch: app.fetch, websocket, maxRequestBodySize: Math.max(config.bodyLimitBytes, config.uploadLimitBytes) + 1024 });
  await services.tls.start(services.domains.hostnameOf);
  services.metrics.start();
  Bun.gc(true); // hand start-up garbage back before the panel sits idle for hours
  log.info("serverkit started", {
    version: VERSION,
    url: `http://${config.host}:${server.port}`,
    dataDir: config.dataDir,
    database: b.database.driver,
    migrationsApplied: b.appliedMigrations,
    jobsInterrupted: recovered.interrupted,
    jobsRequeued: recovered.requeued,
    startupMs: Date.now() - startedAt,
  });
  const cleanup = setInterval(() => auth.cleanup().catch((err) => log.warn("session cleanup failed", { err })), 3_600_000);

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info("shutting down", { signal });
      resolve();
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  clearInterval(cleanup);
  services.agents.close(); // agents reconnect to the next panel; open sockets would hold stop() forever
  await server.stop();
  services.tls.stop();
  services.backups.stop();
  services.sync.stop();
  await services.metrics.stop();
  services.alerts.stop();
  services.notify.stop();
  services.containers.close();
  await jobs.stop();
  await b.database.close();
  return 0;
}
