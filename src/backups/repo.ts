// The backups domain's only door to the panel database.
import { and, desc, eq } from "drizzle-orm";
import { schema, type Db } from "../db/index.ts";

const { backupPlans, backups } = schema;
export type PlanRow = typeof backupPlans.$inferSelect;
export type BackupRow = typeof backups.$inferSelect;

export class BackupsRepo {
  constructor(private readonly db: Db) {}

  plans = async () => this.db.select().from(backupPlans).orderBy(backupPlans.id).all();
  plan = async (id: number) => this.db.select().from(backupPlans).where(eq(backupPlans.id, id)).get();
  insertPlan = async (row: Omit<PlanRow, "id">) => (await this.db.insert(backupPlans).values(row).returning())[0]!;
  async updatePlan(id: number, patch: Partial<Omit<PlanRow, "id">>) {
    return (await this.db.update(backupPlans).set({ ...patch, updatedAt: Date.now() }).where(eq(backupPlans.id, id)).returning())[0];
  }
  async deletePlan(id: number) {
    await this.db.delete(backupPlans).where(eq(backupPlans.id, id));
  }

  list = async (planId?: number, limit = 200) =>
    this.db.select().from(backups).where(planId === undefined ? undefined : eq(backups.planId, planId)).orderBy(desc(backups.createdAt)).limit(limit).all();
  get = async (id: string) => this.db.select().from(backups).where(eq(backups.id, id)).get();
  succeededOf = async (planId: number) =>
    this.db.select().from(backups).where(and(eq(backups.planId, planId), eq(backups.status, "succeeded"))).orderBy(desc(backups.createdAt)).all();
  insert = async (row: BackupRow) => (await this.db.insert(backups).values(row).returning())[0]!;
  async update(id: string, patch: Partial<Omit<BackupRow, "id">>) {
    return (await this.db.update(backups).set(patch).where(eq(backups.id, id)).returning())[0];
  }
  async delete(id: string) {
    await this.db.delete(backups).where(eq(backups.id, id));
  }
  /** Runs that were still "running" when the panel stopped. */
  running = async () => this.db.select().from(backups).where(eq(backups.status, "running")).all();
}
