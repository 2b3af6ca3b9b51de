// The alerts domain's only door to the panel database.
import { and, desc, eq, lt } from "drizzle-orm";
import { schema, type Db } from "../db/index.ts";

const { alertRules, alertEvents } = schema;
export type RuleRow = typeof alertRules.$inferSelect;
export type EventRow = typeof alertEvents.$inferSelect;

export class AlertsRepo {
  constructor(private readonly db: Db) {}

  rules = async () => this.db.select().from(alertRules).orderBy(alertRules.id).all();
  rule = async (id: number) => this.db.select().from(alertRules).where(eq(alertRules.id, id)).get();
  insertRule = async (row: Omit<RuleRow, "id">) => (await this.db.insert(alertRules).values(row).returning())[0]!;
  async updateRule(id: number, patch: Partial<Omit<RuleRow, "id">>) {
    return (await this.db.update(alertRules).set({ ...patch, updatedAt: Date.now() }).where(eq(alertRules.id, id)).returning())[0];
  }
  async deleteRule(id: number) {
    await this.db.delete(alertRules).where(eq(alertRules.id, id));
  }

  insertEvent = async (row: Omit<EventRow, "id">) => (await this.db.insert(alertEvents).values(row).returning())[0]!;
  event = async (id: number) => this.db.select().from(alertEvents).where(eq(alertEvents.id, id)).get();
  async updateEvent(id: number, patch: Partial<Omit<EventRow, "id">>) {
    return (await this.db.update(alertEvents).set(patch).where(eq(alertEvents.id, id)).returning())[0];
  }
  firing = async () => this.db.select().from(alertEvents).where(eq(alertEvents.state, "firing")).orderBy(desc(alertEvents.startedAt)).all();
  /** Newest first; `before` pages by id. */
  history = async (f: { ruleId?: number; before?: number; limit: number }) =>
    this.db
      .select()
      .from(alertEvents)
      .where(and(f.ruleId === undefined ? undefined : eq(alertEvents.ruleId, f.ruleId), f.before === undefined ? undefined : lt(alertEvents.id, f.before)))
      .orderBy(desc(alertEvents.id))
      .limit(f.limit)
      .all();
  /** Drops resolved alerts that ended before `before`; firing ones stay whatever their age. */
  async prune(before: number) {
    await this.db.delete(alertEvents).where(and(eq(alertEvents.state, "resolved"), lt(alertEvents.resolvedAt, before)));
  }
  /** When this rule last notified about this subject (the cooldown looks at it). */
  lastSent = async (ruleId: number, subject: string) =>
    this.db
      .select({ startedAt: alertEvents.startedAt })
      .from(alertEvents)
      .where(and(eq(alertEvents.ruleId, ruleId), eq(alertEvents.subject, subject), eq(alertEvents.notified, "sent")))
      .orderBy(desc(alertEvents.startedAt))
      .limit(1)
      .get();
}
