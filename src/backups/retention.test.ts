import { expect, test } from "bun:test";
import { toPrune } from "./retention.ts";

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);
// Two backups a day for 60 days, newest first in ids b0, b1...
const series = Array.from({ length: 120 }, (_, i) => ({ id: `b${i}`, at: at("2026-11-24T12:00:00Z") - i * 12 * H }));

test("keep last N only", () => {
  const pruned = toPrune(series, { keepLast: 5, daily: 0, weekly: 0, monthly: 0 });
  expect(pruned).toHaveLength(115);
  expect(pruned).not.toContain("b0");
  expect(pruned).not.toContain("b4");
  expect(pruned).toContain("b5");
});

test("daily keeps the newest of each of the last D days", () => {
  const pruned = new Set(toPrune(series, { keepLast: 1, daily: 3, weekly: 0, monthly: 0 }));
  // b0 (24th 12:00), b2 (23rd 12:00), b4 (22nd 12:00) are the newest of their days.
  for (const id of ["b0", "b2", "b4"]) expect(pruned.has(id)).toBe(false);
  expect(pruned.has("b1")).toBe(true);
  expect(pruned.has("b6")).toBe(true);
  expect(pruned.size).toBe(117);
});

test("weekly and monthly reach back further", () => {
  const kept = series.filter((b) => !toPrune(series, { keepLast: 1, daily: 0, weekly: 4, monthly: 3 }).includes(b.id)).map((b) => b.id);
  // 4 ISO weeks + 3 months (Nov, Oct, Sep), overlapping on the newest.
  expect(kept.length).toBeGreaterThanOrEqual(5);
  expect(kept.length).toBeLessThanOrEqual(7);
  expect(kept).toContain("b0");
  const months = new Set(kept.map((id) => new Date(series.find((b) => b.id === id)!.at).toISOString().slice(0, 7)));
  expect([...months].sort()).toEqual(["2026-09", "2026-10", "2026-11"]);
});

test("never prunes the only or newest backup", () => {
  expect(toPrune([{ id: "x", at: 1 }], { keepLast: 1, daily: 0, weekly: 0, monthly: 0 })).toEqual([]);
});
