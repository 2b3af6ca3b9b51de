import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { apps } from "./apps.ts";
import { domains } from "./domains.ts";

/** One certificate per domain: obtained by ACME or uploaded. The key is encrypted (SecretBox). */
export const certificates = sqliteTable(
  "certificates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    domainId: integer("domain_id")
      .notNull()
      .references(() => domains.id, { onDelete: "cascade" }),
    /** "acme" | "upload" */
    source: text("source").notNull(),
    /** "issuing" (never obtained yet) | "active" | "failed" (never obtained, last try failed) */
    state: text("state").notNull(),
    /** "http-01" | "dns-01" for ACME; null for uploads. */
    challenge: text("challenge"),
    /** JSON list of the names the certificate covers (or is being requested for). */
    names: text("names").notNull().default("[]"),
    issuer: text("issuer"),
    serial: text("serial"),
    notBefore: integer("not_before"),
    notAfter: integer("not_after"),
    /** Full chain, leaf first. Public, stored as is. */
    certPem: text("cert_pem"),
    /** The private key, sealed with the panel's secret key. */
    keyEnc: text("key_enc"),
    lastRenewalAt: integer("last_renewal_at"),
    lastError: text("last_error"),
    /** Consecutive failed attempts; drives the renewal backoff. */
    failures: integer("failures").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at"),
    jobId: text("job_id"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("certificates_domain_unique").on(t.domainId), index("certificates_not_after_idx").on(t.notAfter)],
);

/** ACME accounts, one per directory URL; the account key is encrypted. */
export const acmeAccounts = sqliteTable("acme_accounts", {
  directoryUrl: text("directory_url").primaryKey(),
  email: text("email"),
  keyEnc: text("key_enc").notNull(),
  accountUrl: text("account_url").notNull(),
  createdAt: integer("created_at").notNull(),
});

/** Panel-wide settings as JSON values by key (secrets inside are sealed by their owner domain). */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** `/p/<token>/` on the server's default vhost, proxied to an app that has no domain yet. */
export const privateUrls = sqliteTable(
  "private_urls",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    serverId: text("server_id").notNull(),
    appId: integer("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    token: text("token").notNull(),
    port: integer("port").notNull(),
    basicAuthUser: text("basic_auth_user"),
    /** crypt(3) hash as nginx's auth_basic_user_file reads it. */
    basicAuthHash: text("basic_auth_hash"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("private_urls_token_unique").on(t.token), index("private_urls_app_idx").on(t.appId)],
);
