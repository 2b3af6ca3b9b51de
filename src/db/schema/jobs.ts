import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const jobStatuses = ["queued", "running", "succeeded", "failed", "cancelled", "interrupted"] as const;
export type JobStatus = (typeof jobStatuses)[number];

export const jobs = sqliteTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    kind: text("kind").notNull(),
    serverId: text("server_id").notNull().default("local"),
    target: text("target"),
    status: text("status", { enum: jobStatuses }).notNull(),
    progress: integer("progress").notNull().default(0),
    step: text("step"),
    error: text("error"),
    params: text("params").notNull().default("{}"),
    result: text("result"),
    attempts: integer("attempts").notNull().default(0),
    createdBy: text("created_by"),
    createdAt: integer("created_at").notNull(),
    startedAt: integer("started_at"),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("jobs_status_idx").on(t.status), index("jobs_created_idx").on(t.createdAt)],
);

export const jobLogs = sqliteTable(
  "job_logs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    jobId: text("job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    at: integer("at").notNull(),
    level: text("level", { enum: ["info", "warn", "error"] }).notNull(),
    text: text("text").notNull(),
  },
  (t) => [index("job_logs_job_seq_idx").on(t.jobId, t.seq)],
);
