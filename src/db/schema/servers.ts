import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const servers = sqliteTable("servers", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  kind: text("kind", { enum: ["local", "agent"] }).notNull(),
  createdAt: integer("created_at").notNull(),
});
