// The apps domain's only door to the database.
import { and, asc, eq, sql } from "drizzle-orm";
import { schema, type Db } from "../db/index.ts";

const { apps, appPorts } = schema;
export type AppRow = typeof apps.$inferSelect;
export type NewAppRow = Omit<AppRow, "id">;
export type AppPortRow = typeof appPorts.$inferSelect;

export class AppsRepo {
  constructor(private readonly db: Db) {}

  /** undefined when the name is taken on that server (unique index), so racing creates cannot both win. */
  async insert(row: NewAppRow): Promise<AppRow | undefined> {
    const rows = await this.db.insert(apps).values(row).onConflictDoNothing().returning();
    return rows[0];
  }

  get = async (id: number) => this.db.select().from(apps).where(eq(apps.id, id)).get();
  byName = async (serverId: string, name: string) =>
    this.db.select().from(apps).where(and(eq(apps.serverId, serverId), eq(apps.name, name))).get();
  list = async (serverId?: string) =>
    this.db.select().from(apps).where(serverId ? eq(apps.serverId, serverId) : undefined).orderBy(asc(apps.name)).all();

  async update(id: number, patch: Partial<Omit<AppRow, "id">>): Promise<AppRow | undefined> {
    const [row] = await this.db.update(apps).set({ ...patch, updatedAt: Date.now() }).where(eq(apps.id, id)).returning();
    return row;
  }

  async delete(id: number): Promise<void> {
    await this.db.delete(apps).where(eq(apps.id, id));
  }

  // ---- ports
  /** Claims a host port for an app; false when any app on that server holds it already. */
  async reservePort(row: AppPortRow): Promise<boolean> {
    const rows = await this.db.insert(appPorts).values(row).onConflictDoNothing().returning({ port: appPorts.port });
    return rows.length === 1;
  }

  /** Records which service and container port a reserved host port serves (shown on the app page). */
  async describePort(serverId: string, port: number, service: string, containerPort: string): Promise<void> {
    await this.db.update(appPorts).set({ service, containerPort }).where(and(eq(appPorts.serverId, serverId), eq(appPorts.port, port)));
  }

  portsOf = async (appId: number) => this.db.select().from(appPorts).where(eq(appPorts.appId, appId)).orderBy(asc(appPorts.port)).all();

  async portHolder(serverId: string, port: number): Promise<{ appId: number; name: string } | undefined> {
    const row = await this.db
      .select({ appId: appPorts.appId, name: apps.name })
      .from(appPorts)
      .innerJoin(apps, eq(apps.id, appPorts.appId))
      .where(and(eq(appPorts.serverId, serverId), eq(appPorts.port, port)))
      .get();
    return row ?? undefined;
  }

  async releasePortsExcept(appId: number, keep: number[]): Promise<void> {
    const keepList = keep.length ? sql`AND ${appPorts.port} NOT IN (${sql.join(keep.map((p) => sql`${p}`), sql`, `)})` : sql``;
    await this.db.run(sql`DELETE FROM ${appPorts} WHERE ${appPorts.appId} = ${appId} ${keepList}`);
  }
}
