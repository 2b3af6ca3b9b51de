// The proxy domain's only door to the database.
import { and, asc, eq, ne } from "drizzle-orm";
import { schema, type Db } from "../db/index.ts";

const { domains, apps } = schema;
export type DomainRow = typeof domains.$inferSelect;

export class DomainsRepo {
  constructor(private readonly db: Db) {}

  /** undefined when the hostname is taken on that server (unique index): racing adds cannot both win. */
  async insert(row: Omit<DomainRow, "id">): Promise<DomainRow | undefined> {
    const rows = await this.db.insert(domains).values(row).onConflictDoNothing().returning();
    return rows[0];
  }

  get = async (id: number) => this.db.select().from(domains).where(eq(domains.id, id)).get();

  list = async (appId?: number) =>
    this.db.select().from(domains).where(appId === undefined ? undefined : eq(domains.appId, appId)).orderBy(asc(domains.hostname)).all();

  /** Other domains on a server with the app that owns each (for the "name taken" check). */
  othersOn = async (serverId: string, exceptId: number) =>
    this.db
      .select({ domain: domains, appName: apps.name })
      .from(domains)
      .innerJoin(apps, eq(apps.id, domains.appId))
      .where(and(eq(domains.serverId, serverId), ne(domains.id, exceptId)))
      .all();

  async update(id: number, patch: Partial<Omit<DomainRow, "id">>): Promise<DomainRow | undefined> {
    const [row] = await this.db.update(domains).set({ ...patch, updatedAt: Date.now() }).where(eq(domains.id, id)).returning();
    return row;
  }

  async delete(id: number): Promise<void> {
    await this.db.delete(domains).where(eq(domains.id, id));
  }
}

const { privateUrls } = schema;
export type PrivateUrlRow = typeof privateUrls.$inferSelect;

export class PrivateUrlsRepo {
  constructor(private readonly db: Db) {}

  insert = async (row: Omit<PrivateUrlRow, "id"> & { id?: number }) => (await this.db.insert(privateUrls).values(row).returning())[0]!;

  get = async (id: number) => this.db.select().from(privateUrls).where(eq(privateUrls.id, id)).get();

  list = async (appId?: number) =>
    this.db.select().from(privateUrls).where(appId === undefined ? undefined : eq(privateUrls.appId, appId)).orderBy(asc(privateUrls.id)).all();

  onServer = async (serverId: string) => this.db.select().from(privateUrls).where(eq(privateUrls.serverId, serverId)).orderBy(asc(privateUrls.id)).all();

  async delete(id: number): Promise<void> {
    await this.db.delete(privateUrls).where(eq(privateUrls.id, id));
  }
}
