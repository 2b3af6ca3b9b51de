import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { apps } from "./apps.ts";

/** Hostnames proxied by nginx to an app. One vhost file per row. */
export const domains = sqliteTable(
  "domains",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    serverId: text("server_id").notNull(),
    appId: integer("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    /** Punycode (ASCII) form; the unique index makes two apps unable to claim one name. */
    hostname: text("hostname").notNull(),
    /** JSON list of extra server_names (punycode). */
    aliases: text("aliases").notNull().default("[]"),
    /** Upstream port on 127.0.0.1. */
    port: integer("port").notNull(),
    /** JSON: websocket, bodySizeMb, timeouts, wwwRedirect, hsts. */
    options: text("options").notNull().default("{}"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("domains_server_hostname_unique").on(t.serverId, t.hostname), index("domains_app_idx").on(t.appId)],
);
