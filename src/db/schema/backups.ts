import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { apps } from "./apps.ts";

/** What to back up, where, when, and how many to keep. */
export const backupPlans = sqliteTable("backup_plans", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  serverId: text("server_id").notNull(),
  /** "app" (its volumes, files and linked databases) | "database" (one database) */
  scope: text("scope").notNull(),
  appId: integer("app_id").references(() => apps.id, { onDelete: "set null" }),
  databaseServerId: integer("database_server_id"),
  databaseName: text("database_name"),
  /** JSON StorageConfig sealed with the panel key (S3 keys inside). */
  storageEnc: text("storage_enc").notNull(),
  /** croner expression; null = manual only. */
  schedule: text("schedule"),
  /** JSON { keepLast, daily, weekly, monthly }. */
  retention: text("retention").notNull(),
  /** Stop the app while its volumes are archived (consistent files for apps that need it). */
  stopApp: integer("stop_app", { mode: "boolean" }).notNull().default(false),
  /** croner expression for restore drills; null = none. */
  drillSchedule: text("drill_schedule"),
  /** JSON { pre?, post? }: commands run in one of the app's containers around the backup. */
  hooks: text("hooks"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** One backup run and, once done, the backup it produced. */
export const backups = sqliteTable(
  "backups",
  {
    id: text("id").primaryKey(),
    planId: integer("plan_id").references(() => backupPlans.id, { onDelete: "set null" }),
    appId: integer("app_id"),
    /** "running" | "succeeded" | "failed" */
    status: text("status").notNull(),
    /** Why it was taken: "manual" | "schedule" | "safety" (before a restore). */
    reason: text("reason").notNull(),
    /** Key prefix in the plan's storage. */
    prefix: text("prefix").notNull(),
    bytes: integer("bytes").notNull().default(0),
    /** The signed manifest (JSON) once complete. */
    manifest: text("manifest"),
    jobId: text("job_id"),
    error: text("error"),
    /** Restore drill verdict: null (never), "passed", "failed"; details JSON. */
    verifyStatus: text("verify_status"),
    verifyDetails: text("verify_details"),
    verifiedAt: integer("verified_at"),
    createdAt: integer("created_at").notNull(),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("backups_plan_idx").on(t.planId), index("backups_created_idx").on(t.createdAt)],
);
