import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    /** Kept as a name, not a foreign key: the record must outlive a deleted user. */
    actorId: integer("actor_id"),
    actor: text("actor"),
    action: text("action").notNull(),
    target: text("target"),
    ip: text("ip"),
    result: text("result", { enum: ["success", "failure"] }).notNull(),
    details: text("details"),
    requestId: text("request_id"),
  },
  (t) => [index("audit_at_idx").on(t.at), index("audit_action_idx").on(t.action)],
);
