import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * What a metrics row is about: a server, an app or a container on a server. Points refer to it
 * by a small integer, so the wide points tables never repeat names.
 */
export const metricScopes = sqliteTable(
  "metric_scopes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    serverId: text("server_id").notNull(),
    /** "server" | "app" | "container" */
    kind: text("kind").notNull(),
    /** Server id, app id (as text) or container name (stable across re-creation, unlike its id). */
    ref: text("ref").notNull(),
    /** Containers: the compose project (app name) they belong to, for Prometheus labels. */
    app: text("app"),
    lastSeenAt: integer("last_seen_at").notNull(),
  },
  (t) => [uniqueIndex("metric_scopes_ref_idx").on(t.serverId, t.kind, t.ref), index("metric_scopes_kind_idx").on(t.kind, t.ref)],
);

/**
 * One row per scope and time with a column per metric (null where the scope lacks it): about
 * 45 bytes a row, against ~25 bytes per value for a (series, time, value) layout. The migration
 * creates these WITHOUT ROWID, so the primary key is the table and there is no second index.
 */
const points = (name: string) =>
  sqliteTable(
    name,
    {
      scopeId: integer("scope_id").notNull(),
      /** Unix seconds (the bucket start for averages). */
      t: integer("t").notNull(),
      cpu: real("cpu"),
      mem: real("mem"),
      memPct: real("mem_pct"),
      diskPct: real("disk_pct"),
      rx: real("rx"),
      tx: real("tx"),
      load1: real("load1"),
      blkR: real("blk_r"),
      blkW: real("blk_w"),
    },
    (t) => [primaryKey({ columns: [t.scopeId, t.t] })],
  );

/** Every collection, kept 24 h. */
export const metricPointsRaw = points("metric_points_raw");
/** 5-minute averages, kept 7 days. */
export const metricPoints5m = points("metric_points_5m");
/** Hourly averages, kept 90 days. */
export const metricPoints1h = points("metric_points_1h");
