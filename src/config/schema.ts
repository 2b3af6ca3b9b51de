import { join } from "node:path";
import { z } from "zod";

export const configSchema = z
  .object({
    port: z.coerce.number().int().min(1).max(65535).default(5000),
    host: z.string().min(1).default("0.0.0.0"),
    dataDir: z.string().min(1).default("/var/lib/serverkit"),
    /** Empty: SQLite file in dataDir. libsql://, http(s):// or file: URLs go through @libsql/client. */
    databaseUrl: z.string().optional(),
    /** App folders (docker-compose.yml + .env) on this server; default <dataDir>/apps. */
    appsDir: z.string().min(1).optional(),
    /** Extra or overriding app templates (*.yaml). */
    templatesDir: z.string().min(1).default("/etc/serverkit/templates"),
    /** Host ports handed to apps. */
    ports: z
      .object({ min: z.coerce.number().int().min(1024).max(65535).default(8000), max: z.coerce.number().int().min(1024).max(65535).default(60000) })
      .strict()
      .refine((p) => p.min <= p.max, "ports.min must not exceed ports.max")
      .default({ min: 8000, max: 60000 }),
    /** The Docker engine of the local server. */
    dockerSocket: z.string().min(1).default("/var/run/docker.sock"),
    logLevel: z.enum(["debug", "info", "warn", "error"]).default("info"),
    /** Largest request body the API accepts, in bytes. */
    bodyLimitBytes: z.coerce.number().int().min(1024).default(1024 * 1024),
    /** Largest upload to the streaming endpoints (database imports); they never hold it in memory. */
    uploadLimitBytes: z.coerce.number().int().min(1024).default(64 * 1024 ** 3),
    auth: z
      .object({
        sessionTtlHours: z.coerce.number().min(1).max(24 * 90).default(24 * 7),
        /** Failed logins (per IP or per account) allowed before backoff starts. */
        maxFailedLogins: z.coerce.number().int().min(1).default(5),
      })
      .strict()
      .default({ sessionTtlHours: 24 * 7, maxFailedLogins: 5 }),
    jobs: z
      .object({ concurrency: z.coerce.number().int().min(1).max(64).default(2) })
      .strict()
      .default({ concurrency: 2 }),
    /** The nginx the panel writes vhosts for (one `serverkit-<domain>.conf` per domain). */
    nginx: z
      .object({
        /** The nginx executable (looked up on PATH unless absolute). */
        bin: z.string().min(1).default("nginx"),
        /** When set, nginx runs as `-p prefix -c prefix/nginx.conf` (tests start their own nginx this way). */
        prefix: z.string().min(1).optional(),
        /** Main config passed to `nginx -c` when no prefix is set. */
        confFile: z.string().min(1).default("/etc/nginx/nginx.conf"),
        sitesAvailable: z.string().min(1).default("/etc/nginx/sites-available"),
        sitesEnabled: z.string().min(1).default("/etc/nginx/sites-enabled"),
        /** Per-domain access and error logs go here. */
        logDir: z.string().min(1).default("/var/log/nginx"),
        /**
         * Served at /.well-known/acme-challenge/ on every domain. Outside dataDir on purpose:
         * nginx workers (www-data) must read it, and dataDir is 0700.
         */
        acmeWebroot: z.string().min(1).default("/var/www/serverkit-acme"),
        /** htpasswd files of private URLs with basic auth (read by nginx workers at request time). */
        authDir: z.string().min(1).default("/etc/nginx/serverkit-auth"),
        /** Port the vhosts listen on for HTTP (tests use a free high port). */
        httpPort: z.coerce.number().int().min(1).max(65535).default(80),
        /** Port of the TLS server blocks (once a domain has a certificate). */
        httpsPort: z.coerce.number().int().min(1).max(65535).default(443),
      })
      .strict()
      .default({
        bin: "nginx",
        confFile: "/etc/nginx/nginx.conf",
        sitesAvailable: "/etc/nginx/sites-available",
        sitesEnabled: "/etc/nginx/sites-enabled",
        logDir: "/var/log/nginx",
        acmeWebroot: "/var/www/serverkit-acme",
        authDir: "/etc/nginx/serverkit-auth",
        httpPort: 80,
        httpsPort: 443,
      }),
    /** Certificates: ACME defaults and renewal. The directory URL can be changed in the UI. */
    tls: z
      .object({
        /** ACME directory used until an admin picks another in the UI. */
        directoryUrl: z.string().url().default("https://acme-v02.api.letsencrypt.org/directory"),
        /** Extra CA certificates (PEM file) trusted for a custom ACME directory's HTTPS and for uploaded chains. */
        caBundle: z.string().min(1).optional(),
        /** Certificates (full chain + key, 0600) for nginx; default <dataDir>/certs. */
        certDir: z.string().min(1).optional(),
        /** Renew this many days before expiry. */
        renewBeforeDays: z.coerce.number().int().min(1).max(365).default(30),
        /** When renewals are checked (croner syntax; seconds allowed). */
        renewCheckCron: z.string().min(1).default("17 */6 * * *"),
      })
      .strict()
      .default({ directoryUrl: "https://acme-v02.api.letsencrypt.org/directory", renewBeforeDays: 30, renewCheckCron: "17 */6 * * *" }),
    /** Alert notifications. The API bases are settable so a test (or an egress proxy) can stand in for Discord and Telegram. */
    notify: z
      .object({
        discordApiBase: z.string().url().default("https://discord.com/api"),
        telegramApiBase: z.string().url().default("https://api.telegram.org"),
        /** Per attempt (connect and answer). */
        timeoutMs: z.coerce.number().int().min(100).max(120_000).default(10_000),
        /** Pauses before each retry of a failed delivery. */
        retryDelaysMs: z.array(z.coerce.number().int().min(0).max(3_600_000)).max(10).default([5_000, 30_000, 120_000]),
      })
      .strict()
      .default({ discordApiBase: "https://discord.com/api", telegramApiBase: "https://api.telegram.org", timeoutMs: 10_000, retryDelaysMs: [5_000, 30_000, 120_000] }),
    /** Metrics collection on every connected server. */
    metrics: z
      .object({
        /** Seconds between two collections (tests use 1). */
        intervalSeconds: z.coerce.number().min(1).max(3600).default(30),
      })
      .strict()
      .default({ intervalSeconds: 30 }),
    /** Extra job kinds used by the test suite (a job that just waits). Off in production. */
    testJobs: z.coerce.boolean().default(false),
  })
  .strict()
  .transform((c) => ({
    ...c,
    appsDir: c.appsDir ?? join(c.dataDir, "apps"),
    tls: { ...c.tls, certDir: c.tls.certDir ?? join(c.dataDir, "certs") },
  }));

export type Config = Readonly<z.infer<typeof configSchema>>;
