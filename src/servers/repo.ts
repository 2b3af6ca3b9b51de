import { asc, eq } from "drizzle-orm";
import { schema, type Db } from "../db/index.ts";

const { servers } = schema;
export type ServerRow = typeof servers.$inferSelect;

export class ServersRepo {
  constructor(private readonly db: Db) {}

  async ensure(row: ServerRow): Promise<void> {
    await this.db.insert(servers).values(row).onConflictDoNothing();
  }

  list = async () => this.db.select().from(servers).orderBy(asc(servers.createdAt)).all();
  get = async (id: string) => this.db.select().from(servers).where(eq(servers.id, id)).get();
}
