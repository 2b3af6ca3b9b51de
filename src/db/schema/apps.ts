import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const appStatuses = ["deploying", "running", "partial", "stopped", "failed", "removing"] as const;

export const apps = sqliteTable(
  "apps",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    serverId: text("server_id").notNull(),
    name: text("name").notNull(),
    /** "template" apps re-render from their template when variables change; "compose" apps keep the user's file. */
    source: text("source", { enum: ["template", "compose"] }).notNull(),
    templateId: text("template_id"),
    templateVersion: text("template_version"),
    /** What the user asked for last. */
    compose: text("compose").notNull(),
    /** Encrypted JSON map: template variables or .env entries. */
    envEnc: text("env_enc").notNull(),
    /** JSON list of env keys that are secrets (masked in lists, encrypted at rest anyway). */
    secretKeys: text("secret_keys").notNull().default("[]"),
    /** The last configuration that deployed successfully: what a failed redeploy goes back to. */
    deployedCompose: text("deployed_compose"),
    deployedEnvEnc: text("deployed_env_enc"),
    /** Lifecycle state owned by jobs; running/partial/stopped is refined from live containers. */
    status: text("status", { enum: appStatuses }).notNull(),
    warnings: text("warnings").notNull().default("[]"),
    createdBy: text("created_by"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("apps_server_name_unique").on(t.serverId, t.name)],
);

/** Host ports held by apps. The primary key makes two concurrent deploys unable to take one port. */
export const appPorts = sqliteTable(
  "app_ports",
  {
    serverId: text("server_id").notNull(),
    port: integer("port").notNull(),
    appId: integer("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    service: text("service"),
    containerPort: text("container_port"),
  },
  (t) => [primaryKey({ columns: [t.serverId, t.port] }), index("app_ports_app_idx").on(t.appId)],
);
