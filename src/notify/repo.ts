// The notify domain's only door to the panel database.
import { eq } from "drizzle-orm";
import { schema, type Db } from "../db/index.ts";

const { notificationChannels } = schema;
export type ChannelRow = typeof notificationChannels.$inferSelect;

export class NotifyRepo {
  constructor(private readonly db: Db) {}

  list = async () => this.db.select().from(notificationChannels).orderBy(notificationChannels.id).all();
  get = async (id: number) => this.db.select().from(notificationChannels).where(eq(notificationChannels.id, id)).get();
  insert = async (row: Omit<ChannelRow, "id">) => (await this.db.insert(notificationChannels).values(row).returning())[0]!;
  async update(id: number, patch: Partial<Omit<ChannelRow, "id">>) {
    return (await this.db.update(notificationChannels).set(patch).where(eq(notificationChannels.id, id)).returning())[0];
  }
  async remove(id: number) {
    await this.db.delete(notificationChannels).where(eq(notificationChannels.id, id));
  }
}
