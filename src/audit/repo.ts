import { and, desc, eq, like, lt, or, type SQL } from "drizzle-orm";
import { schema, type Db } from "../db/index.ts";

const { auditLog } = schema;
export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = Omit<AuditRow, "id">;

export interface AuditFilter {
  actor?: string;
  action?: string;
  result?: "success" | "failure";
  q?: string;
  before?: number;
  limit: number;
}

export class AuditRepo {
  constructor(private readonly db: Db) {}

  async insert(row: NewAuditRow): Promise<void> {
    await this.db.insert(auditLog).values(row);
  }

  async list(f: AuditFilter): Promise<AuditRow[]> {
    const conds: SQL[] = [];
    if (f.actor) conds.push(eq(auditLog.actor, f.actor));
    // "users" matches users.create, users.update...: prefix search on the dotted action name.
    if (f.action) conds.push(or(eq(auditLog.action, f.action), like(auditLog.action, `${escapeLike(f.action)}.%`))!);
    if (f.result) conds.push(eq(auditLog.result, f.result));
    if (f.before) conds.push(lt(auditLog.id, f.before));
    if (f.q) {
      const pattern = `%${escapeLike(f.q)}%`;
      conds.push(or(like(auditLog.action, pattern), like(auditLog.target, pattern), like(auditLog.actor, pattern), like(auditLog.ip, pattern))!);
    }
    return this.db
      .select()
      .from(auditLog)
      .where(conds.length ? and(...conds) : undefined)
      .orderBy(desc(auditLog.id))
      .limit(f.limit)
      .all();
  }
}

/** LIKE wildcards in user input are literal characters; SQLite's default LIKE has no escape, so strip them. */
function escapeLike(text: string): string {
  return text.replace(/[%_]/g, "");
}
