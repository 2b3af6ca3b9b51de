import { expect, test } from "bun:test";
import { backoffMs } from "./agent-link.ts";

test("reconnect backoff grows, is jittered, and is capped near 30 s", () => {
  const first = Array.from({ length: 50 }, () => backoffMs(0));
  expect(Math.min(...first)).toBeGreaterThanOrEqual(250);
  expect(Math.max(...first)).toBeLessThanOrEqual(500);
  expect(new Set(first.map(Math.round)).size).toBeGreaterThan(5);
  const late = Array.from({ length: 50 }, () => backoffMs(20));
  expect(Math.max(...late)).toBeLessThanOrEqual(30_000);
  expect(Math.min(...late)).toBeGreaterThanOrEqual(15_000);
});

test("right after losing a live connection, retries stay a few seconds apart (a panel restart)", () => {
  const late = Array.from({ length: 50 }, () => backoffMs(20, 4_000));
  expect(Math.max(...late)).toBeLessThanOrEqual(4_000);
  expect(Math.min(...late)).toBeGreaterThanOrEqual(2_000);
});
