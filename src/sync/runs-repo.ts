// The sync domain's only door to the panel database: sync runs (one per sync or dry run).
import { and, desc, eq, inArray, isNotNull, ne } from "drizzle-orm";
import { schema, type Db } from "../db/index.ts";

const { syncRuns } = schema;
export type SyncRunRow = typeof syncRuns.$inferSelect;

export class SyncRunsRepo {
  constructor(private readonly db: Db) {}

  insert = async (row: Omit<SyncRunRow, "id">) => (await this.db.insert(syncRuns).values(row).returning())[0]!;
  get = async (id: number) => this.db.select().from(syncRuns).where(eq(syncRuns.id, id)).get();
  async update(id: number, patch: Partial<Omit<SyncRunRow, "id">>) {
    return (await this.db.update(syncRuns).set(patch).where(eq(syncRuns.id, id)).returning())[0];
  }

  listByProject = async (projectId: number, limit: number) =>
    this.db.select().from(syncRuns).where(eq(syncRuns.projectId, projectId)).orderBy(desc(syncRuns.id)).limit(limit).all();

  /** Runs not finished yet (queued or running), optionally only those into one environment. */
  active = async (targetEnvId?: number) =>
    this.db
      .select()
      .from(syncRuns)
      .where(and(inArray(syncRuns.status, ["queued", "running"]), targetEnvId === undefined ? undefined : eq(syncRuns.targetEnvId, targetEnvId)))
      .all();

  /** Earlier syncs into `targetEnvId` that still keep a previous database (the one before `exceptId`). */
  keptBefore = async (targetEnvId: number, exceptId: number) =>
    this.db
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.targetEnvId, targetEnvId), ne(syncRuns.id, exceptId), isNotNull(syncRuns.previousDatabase)))
      .all();
}
