// The databases domain's only door to the panel database.
import { and, asc, eq } from "drizzle-orm";
import { schema, type Db } from "../db/index.ts";

const { databaseServers, databases, databaseUsers, appDatabases } = schema;
export type DatabaseServerRow = typeof databaseServers.$inferSelect;
export type DatabaseRow = typeof databases.$inferSelect;
export type DatabaseUserRow = typeof databaseUsers.$inferSelect;
export type AppDatabaseRow = typeof appDatabases.$inferSelect;

export class DatabasesRepo {
  constructor(private readonly db: Db) {}

  servers = async () => this.db.select().from(databaseServers).orderBy(asc(databaseServers.id)).all();
  server = async (id: number) => this.db.select().from(databaseServers).where(eq(databaseServers.id, id)).get();
  insertServer = async (row: Omit<DatabaseServerRow, "id">) => (await this.db.insert(databaseServers).values(row).returning())[0]!;
  async updateServer(id: number, patch: Partial<Omit<DatabaseServerRow, "id">>) {
    return (await this.db.update(databaseServers).set(patch).where(eq(databaseServers.id, id)).returning())[0];
  }
  async deleteServer(id: number) {
    await this.db.delete(databaseServers).where(eq(databaseServers.id, id));
  }

  databasesOf = async (serverId: number) => this.db.select().from(databases).where(eq(databases.databaseServerId, serverId)).all();
  database = async (id: number) => this.db.select().from(databases).where(eq(databases.id, id)).get();
  databaseByName = async (serverId: number, name: string) =>
    this.db.select().from(databases).where(and(eq(databases.databaseServerId, serverId), eq(databases.name, name))).get();
  insertDatabase = async (row: Omit<DatabaseRow, "id">) => (await this.db.insert(databases).values(row).onConflictDoNothing().returning())[0];
  async deleteDatabase(id: number) {
    await this.db.delete(databases).where(eq(databases.id, id));
  }

  usersOf = async (serverId: number) => this.db.select().from(databaseUsers).where(eq(databaseUsers.databaseServerId, serverId)).orderBy(asc(databaseUsers.username)).all();
  user = async (id: number) => this.db.select().from(databaseUsers).where(eq(databaseUsers.id, id)).get();
  insertUser = async (row: Omit<DatabaseUserRow, "id">) => (await this.db.insert(databaseUsers).values(row).returning())[0]!;
  async deleteUser(id: number) {
    await this.db.delete(databaseUsers).where(eq(databaseUsers.id, id));
  }

  linksOfApp = async (appId: number) => this.db.select().from(appDatabases).where(eq(appDatabases.appId, appId)).orderBy(asc(appDatabases.id)).all();
  linksOfDatabase = async (databaseId: number) => this.db.select().from(appDatabases).where(eq(appDatabases.databaseId, databaseId)).all();
  allLinks = async () => this.db.select().from(appDatabases).all();
  link = async (id: number) => this.db.select().from(appDatabases).where(eq(appDatabases.id, id)).get();
  insertLink = async (row: Omit<AppDatabaseRow, "id">) => (await this.db.insert(appDatabases).values(row).onConflictDoNothing().returning())[0];
  async deleteLink(id: number) {
    await this.db.delete(appDatabases).where(eq(appDatabases.id, id));
  }
}
