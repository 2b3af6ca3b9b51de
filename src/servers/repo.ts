import { and, asc, eq, isNull } from "drizzle-orm";
import { schema, type Db } from "../db/index.ts";

const { servers } = schema;
export type ServerRow = typeof servers.$inferSelect;

export class ServersRepo {
  constructor(private readonly db: Db) {}

  async ensure(row: Pick<ServerRow, "id" | "name" | "kind" | "createdAt">): Promise<void> {
    await this.db.insert(servers).values(row).onConflictDoNothing();
  }

  async insert(row: Pick<ServerRow, "id" | "name" | "kind" | "createdAt">): Promise<ServerRow> {
    return (await this.db.insert(servers).values(row).returning().get())!;
  }

  list = async () => this.db.select().from(servers).orderBy(asc(servers.createdAt)).all();
  get = async (id: string) => this.db.select().from(servers).where(eq(servers.id, id)).get();

  /** Only the first key counts: a server's identity is never replaced, only revoked. */
  async setPublicKey(id: string, publicKey: string): Promise<boolean> {
    const row = await this.db
      .update(servers)
      .set({ publicKey })
      .where(and(eq(servers.id, id), isNull(servers.publicKey), isNull(servers.revokedAt)))
      .returning({ id: servers.id })
      .get();
    return row !== undefined;
  }

  async revoke(id: string, at: number): Promise<void> {
    await this.db.update(servers).set({ revokedAt: at }).where(and(eq(servers.id, id), isNull(servers.revokedAt)));
  }

  async touch(id: string, at: number): Promise<void> {
    await this.db.update(servers).set({ lastSeenAt: at }).where(eq(servers.id, id));
  }
}
