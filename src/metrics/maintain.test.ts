// Storage with synthetic timestamps: raw points become the right 5-minute and hourly averages,
// old rows go, and series() reads the resolution that fits the range (with a fresh tail).
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { drivers, freshDatabase } from "../db/testing.ts";
import { log } from "../lib/log.ts";
import { createMetrics, type Metrics } from "./index.ts";

const quiet = log.child({ test: true });
const H = 3_600;

for (const driver of drivers) describe(`metrics storage on ${driver}`, () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let metrics: Metrics;
  let scope: number;
  // A fixed "now" on an hour boundary keeps the bucket arithmetic readable.
  const now = Date.UTC(2026, 0, 10, 12, 0, 0);
  const nowSec = now / 1000;

  beforeEach(async () => {
    db = await freshDatabase(driver);
    metrics = createMetrics(db.db, { servers: { list: async () => [], target: async () => { throw new Error("none"); } }, apps: async () => [], log: quiet, intervalSeconds: 30 });
    scope = await metrics.repo.scopeId("local", "server", "local", null, now, true);
  });
  afterEach(async () => {
    await metrics.stop();
    await db.close();
  });

  test("raw points become 5-minute averages, and those hourly averages", async () => {
    // One hour of points every 30 s before now: cpu = minute index, so each 5-minute bucket's
    // average is known; memory constant; one column (load1) absent in half the points.
    const rows = [];
    for (let t = nowSec - H; t < nowSec; t += 30) {
      const minute = Math.floor((t - (nowSec - H)) / 60);
      rows.push({ scopeId: scope, t, cpu: minute, mem: 1000, load1: t % 60 === 0 ? 2 : null });
    }
    await metrics.repo.insertAt("raw", rows);
    const r = await metrics.maintain(now);
    expect(r.fiveMinuteRows).toBe(12);
    expect(r.hourlyRows).toBe(1);

    const fiveMin = await metrics.repo.points("5m", "cpu", [scope], 0, nowSec);
    expect(fiveMin.map((p) => p.t)).toEqual(Array.from({ length: 12 }, (_, i) => nowSec - H + i * 300));
    // Bucket i holds minutes 5i..5i+4, two points each: average 5i + 2.
    expect(fiveMin.map((p) => p.v)).toEqual(Array.from({ length: 12 }, (_, i) => 5 * i + 2));
    expect((await metrics.repo.points("5m", "mem", [scope], 0, nowSec)).every((p) => p.v === 1000)).toBe(true);
    // avg() skips nulls: the load average is 2, not 1.
    expect((await metrics.repo.points("5m", "load1", [scope], 0, nowSec)).every((p) => p.v === 2)).toBe(true);

    const hourly = await metrics.repo.points("1h", "cpu", [scope], 0, nowSec);
    expect(hourly).toEqual([{ t: nowSec - H, v: 29.5 }]);

    // Running it again writes the same buckets, no duplicates.
    await metrics.maintain(now);
    expect(await metrics.repo.count("5m")).toBe(12);
    expect(await metrics.repo.count("1h")).toBe(1);
  });

  test("an incomplete bucket is not written until it is complete", async () => {
    await metrics.repo.insertAt("raw", [
      { scopeId: scope, t: nowSec - 400, cpu: 10 },
      { scopeId: scope, t: nowSec - 100, cpu: 50 },
    ]);
    await metrics.maintain(now); // 12:00:00: the 11:50 and 11:55 buckets are complete
    expect((await metrics.repo.points("5m", "cpu", [scope], 0, nowSec)).map((p) => p.t)).toEqual([nowSec - 600, nowSec - 300]);
    await metrics.repo.insertAt("raw", [{ scopeId: scope, t: nowSec + 10, cpu: 90 }]);
    await metrics.maintain(now + 60_000); // 12:01: the 12:00 bucket is still open
    expect((await metrics.repo.points("5m", "cpu", [scope], 0, nowSec + 600)).map((p) => p.t)).toEqual([nowSec - 600, nowSec - 300]);
    await metrics.maintain(now + 301_000);
    expect(await metrics.repo.points("5m", "cpu", [scope], nowSec, nowSec + 600)).toEqual([{ t: nowSec, v: 90 }]);
  });

  test("retention: raw after 24 h, 5-minute after 7 days, hourly after 90 days", async () => {
    const day = 86_400;
    await metrics.repo.insertAt("raw", [
      { scopeId: scope, t: nowSec - day - 30, cpu: 1 },
      { scopeId: scope, t: nowSec - day + 30, cpu: 2 },
    ]);
    await metrics.repo.insertAt("5m", [
      { scopeId: scope, t: nowSec - 7 * day - 300, cpu: 1 },
      { scopeId: scope, t: nowSec - 7 * day + 300, cpu: 2 },
    ]);
    await metrics.repo.insertAt("1h", [
      { scopeId: scope, t: nowSec - 90 * day - H, cpu: 1 },
      { scopeId: scope, t: nowSec - 90 * day + H, cpu: 2 },
    ]);
    const r = await metrics.maintain(now);
    expect(r.expired.raw).toBe(1);
    expect(r.expired["5m"]).toBeGreaterThanOrEqual(1);
    expect(r.expired["1h"]).toBe(1);
    expect((await metrics.repo.points("raw", "cpu", [scope], 0, nowSec)).map((p) => p.v)).toEqual([2]);
    expect((await metrics.repo.points("1h", "cpu", [scope], 0, nowSec - 80 * day)).map((p) => p.v)).toEqual([2]);
    const fiveMin = await metrics.repo.points("5m", "cpu", [scope], 0, nowSec - 6 * day);
    expect(fiveMin.every((p) => p.t >= nowSec - 7 * day)).toBe(true);
  });

  test("series picks raw for an hour, 5-minute averages for a week, with the newest stretch from raw", async () => {
    const t0 = Math.floor(Date.now() / 1000 / 300) * 300 - 2 * H;
    const rows = [];
    for (let t = t0; t < t0 + 2 * H; t += 30) rows.push({ scopeId: scope, t, cpu: 40 });
    await metrics.repo.insertAt("raw", rows);
    // Downsample only the first hour: the second must still show up in a 7-day series.
    await metrics.repo.downsample("raw", "5m", 300, t0, t0 + H);
    const hour = await metrics.series({ kind: "server", id: "local" }, "cpu_percent", Date.now() - H * 1000, Date.now());
    expect(hour.length).toBeGreaterThanOrEqual(100);
    const week = await metrics.series({ kind: "server", id: "local" }, "cpu_percent", Date.now() - 7 * 86_400_000, Date.now());
    expect(week.length).toBe(24);
    expect(week.every((p) => p.v === 40 && p.t % 300_000 === 0)).toBe(true);
    expect(week.map((p) => p.t)).toEqual([...week.map((p) => p.t)].sort((a, b) => a - b));
  });

  test("bad input: unknown metric, a metric the scope lacks, absurd ranges", async () => {
    const server = { kind: "server", id: "local" } as const;
    await expect(metrics.series(server, "nope", 0, 1)).rejects.toMatchObject({ code: "unknown_metric" });
    await expect(metrics.series(server, "block_read_bps", 0, 1)).rejects.toMatchObject({ code: "metric_scope" });
    await expect(metrics.series(server, "cpu_percent", 10, 1)).rejects.toMatchObject({ code: "bad_range" });
    await expect(metrics.series(server, "cpu_percent", 0, 365 * 86_400_000)).rejects.toMatchObject({ code: "bad_range" });
    await expect(metrics.view(server, "10y")).rejects.toMatchObject({ code: "bad_range" });
    const view = await metrics.view(server, "24h");
    expect(view.range).toBe("24h");
    expect(view.series.cpu_percent).toEqual([]);
    expect(view.current.cpu_percent).toBeNull();
  });
});
