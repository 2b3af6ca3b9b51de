import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { apps } from "./apps.ts";

/** A MariaDB/PostgreSQL server the panel administers (installed on a host or run as an app). */
export const databaseServers = sqliteTable(
  "database_servers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The managed server it runs on ("local" or an agent's id). */
    serverId: text("server_id").notNull(),
    /** "mariadb" | "postgres" */
    engine: text("engine").notNull(),
    /** "host" (Debian packages) | "container" (an app from a template) */
    kind: text("kind").notNull(),
    name: text("name").notNull(),
    /** How the panel connects (admin account). */
    host: text("host").notNull(),
    port: integer("port").notNull(),
    adminUser: text("admin_user").notNull(),
    adminPasswordEnc: text("admin_password_enc").notNull(),
    /** How apps' containers reach it (DB_HOST / DB_PORT of links). */
    appHost: text("app_host").notNull(),
    appPort: integer("app_port").notNull(),
    /** The app running it, for kind "container". */
    appId: integer("app_id").references(() => apps.id, { onDelete: "set null" }),
    version: text("version"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("database_servers_name_unique").on(t.serverId, t.name)],
);

/** Databases created (or adopted) through the panel. */
export const databases = sqliteTable(
  "databases",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    databaseServerId: integer("database_server_id")
      .notNull()
      .references(() => databaseServers.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("databases_server_name_unique").on(t.databaseServerId, t.name)],
);

/** Database users with their (sealed) passwords, so credentials can be shown on request. */
export const databaseUsers = sqliteTable(
  "database_users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    databaseServerId: integer("database_server_id")
      .notNull()
      .references(() => databaseServers.id, { onDelete: "cascade" }),
    username: text("username").notNull(),
    passwordEnc: text("password_enc").notNull(),
    /** JSON list of database names the user has all privileges on. */
    grants: text("grants").notNull().default("[]"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("database_users_server_name_unique").on(t.databaseServerId, t.username)],
);

/** A database linked into an app: its DB_* variables are in the app's environment. */
export const appDatabases = sqliteTable(
  "app_databases",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    appId: integer("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    databaseId: integer("database_id")
      .notNull()
      .references(() => databases.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => databaseUsers.id, { onDelete: "cascade" }),
    /** Variables are <prefix>_HOST, <prefix>_PORT...; "DB" also sets DATABASE_URL. */
    envPrefix: text("env_prefix").notNull().default("DB"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("app_databases_prefix_unique").on(t.appId, t.envPrefix), uniqueIndex("app_databases_unique").on(t.appId, t.databaseId), index("app_databases_app_idx").on(t.appId)],
);
