import { log } from "../lib/log.ts";
import { VERSION } from "../lib/version.ts";
import { idleTrimmer, trimWorkingSet } from "../lib/working-set.ts";
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
  // A panel sits idle for hours between visits: once no request has come for a while, the
  // runtime pages it touched answering go back to the page cache (src/lib/working-set.ts).
  // Periodic: its own metrics rounds touch ~10 MiB of code every 30 s, with nobody asking.
  const trimmer = idleTrimmer({ periodic: true });
  const fetch: typeof app.fetch = (req, ...rest) => (trimmer.touch(), app.fetch(req, ...rest));
  const server = Bun.serve({ port: config.port, hostname: config.host, fetch, websocket, maxRequestBodySize: Math.max(config.bodyLimitBytes, config.uploadLimitBytes) + 1024 });
  await services.tls.start(services.domains.hostnameOf);
  services.metrics.start();
  Bun.gc(true); // hand start-up garbage back before the panel sits idle for hours
  // ...and the code that only starting up ran (migrations, templates, routes): ~20 MiB.
  const trimmed = await trimWorkingSet().catch(() => null);
  log.info("serverkit started", {
    version: VERSION,
    url: `http://${config.host}:${server.port}`,
    dataDir: config.dataDir,
    database: b.database.driver,
    migrationsApplied: b.appliedMigrations,
    jobsInterrupted: recovered.interrupted,
    jobsRequeued: recovered.requeued,
    startupMs: Date.now() - startedAt,
    rssKiB: trimmed?.afterKiB,
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
  trimmer.stop();
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
