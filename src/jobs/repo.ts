import { and, asc, desc, eq, gt, inArray, lt, sql, type SQL } from "drizzle-orm";
import { schema, type Db } from "../db/index.ts";
import type { JobStatus } from "../db/schema/jobs.ts";

const { jobs, jobLogs } = schema;
export type JobRow = typeof jobs.$inferSelect;
export type JobLogRow = typeof jobLogs.$inferSelect;

export interface JobFilter {
  status?: JobStatus;
  kind?: string;
  target?: string;
  before?: string;
  limit: number;
}

export class JobsRepo {
  constructor(private readonly db: Db) {}

  async insert(row: Pick<JobRow, "id" | "kind" | "serverId" | "target" | "params" | "createdBy">): Promise<JobRow> {
    const [created] = await this.db.insert(jobs).values({ ...row, status: "queued", createdAt: Date.now() }).returning();
    return created!;
  }

  get = async (id: string) => this.db.select().from(jobs).where(eq(jobs.id, id)).get();

  async list(f: JobFilter): Promise<JobRow[]> {
    const conds: SQL[] = [];
    if (f.status) conds.push(eq(jobs.status, f.status));
    if (f.kind) conds.push(eq(jobs.kind, f.kind));
    if (f.target) conds.push(eq(jobs.target, f.target));
    if (f.before) conds.push(lt(jobs.id, f.before));
    return this.db.select().from(jobs).where(conds.length ? and(...conds) : undefined).orderBy(desc(jobs.id)).limit(f.limit).all();
  }

  byStatus = async (statuses: JobStatus[]) =>
    this.db.select().from(jobs).where(inArray(jobs.status, statuses)).orderBy(asc(jobs.id)).all();

  async update(id: string, patch: Partial<Omit<JobRow, "id">>): Promise<JobRow | undefined> {
    const [row] = await this.db.update(jobs).set(patch).where(eq(jobs.id, id)).returning();
    return row;
  }

  /** Moves a job from one status to another only if it is still in the first: no lost races. */
  async transition(id: string, from: JobStatus[], patch: Partial<Omit<JobRow, "id">>): Promise<JobRow | undefined> {
    const [row] = await this.db
      .update(jobs)
      .set(patch)
      .where(and(eq(jobs.id, id), inArray(jobs.status, from)))
      .returning();
    return row;
  }

  async appendLog(row: Omit<JobLogRow, "id">): Promise<void> {
    await this.db.insert(jobLogs).values(row);
  }

  logs = async (jobId: string, afterSeq: number, limit: number) =>
    this.db
      .select()
      .from(jobLogs)
      .where(and(eq(jobLogs.jobId, jobId), gt(jobLogs.seq, afterSeq)))
      .orderBy(asc(jobLogs.seq))
      .limit(limit)
      .all();

  async lastSeq(jobId: string): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`coalesce(max(${jobLogs.seq}), 0)` }).from(jobLogs).where(eq(jobLogs.jobId, jobId)).all();
    return Number(row?.n ?? 0);
  }
}
