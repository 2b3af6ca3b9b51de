// The metrics domain's only door to the database: scopes, points at three resolutions,
// downsampling and retention. Table and column names below come from fixed lists, never input.
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { schema, type Db } from "../db/index.ts";
import { COLUMNS, type Column, type ScopeKind } from "./catalog.ts";

const { metricScopes, metricPointsRaw, metricPoints5m, metricPoints1h } = schema;

export type Resolution = "raw" | "5m" | "1h";
const TABLES = { raw: metricPointsRaw, "5m": metricPoints5m, "1h": metricPoints1h } as const;
const TABLE_NAMES = { raw: "metric_points_raw", "5m": "metric_points_5m", "1h": "metric_points_1h" } as const;
const SQL_COLUMN: Record<Column, string> = {
  cpu: "cpu",
  mem: "mem",
  memPct: "mem_pct",
  diskPct: "disk_pct",
  rx: "rx",
  tx: "tx",
  load1: "load1",
  blkR: "blk_r",
  blkW: "blk_w",
};
const AVERAGES = COLUMNS.map((c) => `avg(${SQL_COLUMN[c]})`).join(", ");
const COLUMN_LIST = COLUMNS.map((c) => SQL_COLUMN[c]).join(", ");

/** A bucket size as an SQL integer: some drivers bind every JS number as REAL, and t / 300.0 is no bucket. */
const int = (n: number) => sql`CAST(${n} AS INTEGER)`;

export type PointRow = { scopeId: number; t: number } & Partial<Record<Column, number | null>>;
export type ScopeRow = typeof metricScopes.$inferSelect;

export class MetricsRepo {
  constructor(private readonly db: Db) {}

  /** The scope's id, created on first sight; lastSeenAt moves on when `touch` is set. */
  async scopeId(serverId: string, kind: ScopeKind, ref: string, app: string | null, now: number, touch: boolean): Promise<number> {
    const row = await this.db
      .insert(metricScopes)
      .values({ serverId, kind, ref, app, lastSeenAt: now })
      .onConflictDoUpdate({
        target: [metricScopes.serverId, metricScopes.kind, metricScopes.ref],
        set: touch ? { lastSeenAt: now, app } : { app },
      })
      .returning({ id: metricScopes.id })
      .get();
    return row!.id;
  }

  scopes = async () => this.db.select().from(metricScopes).all();

  async scopeIds(kind: ScopeKind, ref: string, serverId?: string): Promise<number[]> {
    const where = serverId
      ? and(eq(metricScopes.kind, kind), eq(metricScopes.ref, ref), eq(metricScopes.serverId, serverId))
      : and(eq(metricScopes.kind, kind), eq(metricScopes.ref, ref));
    return (await this.db.select({ id: metricScopes.id }).from(metricScopes).where(where).all()).map((r) => r.id);
  }

  async insertRaw(rows: PointRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.insert(metricPointsRaw).values(rows).onConflictDoNothing();
  }

  /** Test and bench support: points at any resolution with the timestamps given. */
  async insertAt(res: Resolution, rows: PointRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) await this.db.insert(TABLES[res]).values(rows.slice(i, i + 500)).onConflictDoNothing();
  }

  /** Points of one column, in time order; several scope ids (a container on two servers) merge. */
  async points(res: Resolution, column: Column, scopeIds: number[], fromSec: number, toSec: number): Promise<{ t: number; v: number }[]> {
    if (scopeIds.length === 0) return [];
    const table = TABLES[res];
    return this.db
      .select({ t: table.t, v: sql<number>`${sql.raw(SQL_COLUMN[column])}` })
      .from(table)
      .where(and(inArray(table.scopeId, scopeIds), sql`${table.t} >= ${fromSec}`, sql`${table.t} <= ${toSec}`, sql`${sql.raw(SQL_COLUMN[column])} IS NOT NULL`))
      .orderBy(table.t)
      .all();
  }

  /** Averages of a finer table per `bucket` seconds, for buckets the coarser table lacks yet. */
  async bucketed(res: Resolution, column: Column, scopeIds: number[], fromSec: number, toSec: number, bucket: number) {
    if (scopeIds.length === 0) return [];
    const col = sql.raw(SQL_COLUMN[column]);
    return this.db.all<{ t: number; v: number }>(sql`
      SELECT (t / ${int(bucket)}) * ${int(bucket)} AS t, avg(${col}) AS v FROM ${sql.raw(TABLE_NAMES[res])}
      WHERE scope_id IN (${sql.join(scopeIds.map((id) => sql`${id}`), sql`, `)}) AND t >= ${fromSec} AND t <= ${toSec} AND ${col} IS NOT NULL
      GROUP BY 1 ORDER BY 1`);
  }

  async newest(res: Resolution): Promise<number | null> {
    const [row] = await this.db.all<{ t: number | null }>(sql`SELECT max(t) AS t FROM ${sql.raw(TABLE_NAMES[res])}`);
    return row?.t ?? null;
  }

  async oldest(res: Resolution): Promise<number | null> {
    const [row] = await this.db.all<{ t: number | null }>(sql`SELECT min(t) AS t FROM ${sql.raw(TABLE_NAMES[res])}`);
    return row?.t ?? null;
  }

  /**
   * Averages of `from` rows in [lo, hi) into `bucket`-second rows of `to`. A bucket that was
   * written before is rewritten whole (late samples), so running this twice changes nothing.
   */
  async downsample(from: Resolution, to: Resolution, bucket: number, lo: number, hi: number): Promise<number> {
    if (hi <= lo) return 0;
    const rows = await this.db.all<{ n: number }>(sql`
      INSERT OR REPLACE INTO ${sql.raw(TABLE_NAMES[to])} (scope_id, t, ${sql.raw(COLUMN_LIST)})
      SELECT scope_id, (t / ${int(bucket)}) * ${int(bucket)} AS b, ${sql.raw(AVERAGES)} FROM ${sql.raw(TABLE_NAMES[from])}
      WHERE t >= ${lo} AND t < ${hi} GROUP BY scope_id, b
      RETURNING 1 AS n`);
    return rows.length;
  }

  /** Deletes rows older than `beforeSec`: the IN list makes SQLite seek the primary key scope by scope (no full scan). */
  async expire(res: Resolution, beforeSec: number): Promise<number> {
    const rows = await this.db.all<{ n: number }>(sql`
      DELETE FROM ${sql.raw(TABLE_NAMES[res])} WHERE scope_id IN (SELECT id FROM metric_scopes) AND t < ${beforeSec} RETURNING 1 AS n`);
    return rows.length;
  }

  /** Scopes not seen for longer than the longest retention have no points left to describe. */
  async forgetScopes(beforeMs: number): Promise<number> {
    return (await this.db.delete(metricScopes).where(lt(metricScopes.lastSeenAt, beforeMs)).returning({ id: metricScopes.id }).all()).length;
  }

  async count(res: Resolution): Promise<number> {
    const [row] = await this.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM ${sql.raw(TABLE_NAMES[res])}`);
    return row!.n;
  }
}
