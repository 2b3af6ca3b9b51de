import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** A project groups apps that are environments of one site (prod, staging, dev...). */
export const projects = sqliteTable(
  "projects",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /**
     * Where the environments and sync rules come from: "ui" (edited in the panel), "upload"
     * (a serverkit.yaml the user uploaded, kept in config_yaml) or "app-file" (serverkit.yaml
     * found in config_app_id's folder: the file wins over the UI while it is there).
     */
    configSource: text("config_source", { enum: ["ui", "upload", "app-file"] }).notNull().default("ui"),
    configYaml: text("config_yaml"),
    configAppId: integer("config_app_id"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("projects_name_unique").on(t.name)],
);

/** One app as one environment of a project, with the rules a sync INTO it follows. */
export const environments = sqliteTable(
  "environments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    appId: integer("app_id").notNull(),
    domain: text("domain"),
    position: integer("position").notNull().default(0),
    /** db_sync: the environment (name) this one is refreshed from; null = never synced into. */
    syncSource: text("sync_source"),
    /** Cron expression (croner) for scheduled syncs; null = manual only. */
    syncSchedule: text("sync_schedule"),
    /** JSON [[search, replace], ...] */
    searchReplace: text("search_replace").notNull().default("[]"),
    anonymizeUsers: integer("anonymize_users", { mode: "boolean" }).notNull().default(false),
    /** JSON list of user logins (or emails) anonymizing keeps as they are. */
    keepUsers: text("keep_users").notNull().default("[]"),
    /** JSON lists of table names or patterns with * wildcards. */
    truncateTables: text("truncate_tables").notNull().default("[]"),
    excludeTables: text("exclude_tables").notNull().default("[]"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("environments_project_name_unique").on(t.projectId, t.name), index("environments_app_idx").on(t.appId)],
);

/** One sync (or dry run) from one environment into another, and what it left to revert to. */
export const syncRuns = sqliteTable(
  "sync_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id").notNull(),
    sourceEnvId: integer("source_env_id").notNull(),
    targetEnvId: integer("target_env_id").notNull(),
    jobId: text("job_id"),
    dryRun: integer("dry_run", { mode: "boolean" }).notNull().default(false),
    trigger: text("trigger", { enum: ["manual", "schedule"] }).notNull().default("manual"),
    status: text("status", { enum: ["queued", "running", "succeeded", "failed", "reverted"] }).notNull(),
    /** JSON: per-step row counts, search-replace report (tables, columns, samples), timings. */
    report: text("report"),
    error: text("error"),
    /** Where the target's database lives and its live name. */
    databaseServerId: integer("database_server_id"),
    liveDatabase: text("live_database"),
    /** The target's database as it was before this sync, kept until the next sync succeeds (revert). */
    previousDatabase: text("previous_database"),
    createdBy: text("created_by"),
    createdAt: integer("created_at").notNull(),
    finishedAt: integer("finished_at"),
    revertedAt: integer("reverted_at"),
  },
  (t) => [index("sync_runs_project_idx").on(t.projectId, t.id), index("sync_runs_target_idx").on(t.targetEnvId, t.id)],
);
