// One suite for every Target implementation; remote agents join this list when they exist.
import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROTOCOL_VERSION } from "../protocol/index.ts";
import { createLocalTarget, dispatchCall, localHandlers } from "./index.ts";

const socket = "/var/run/docker.sock";
const appsDirForTests = mkdtempSync(join(tmpdir(), "sk-apps-"));
const targets = [{ name: "local (in-process)", make: () => createLocalTarget({ dockerSocket: socket, appsDir: appsDirForTests }) }];

for (const t of targets) {
  describe(`Target: ${t.name}`, () => {
    test("facts describe this machine", async () => {
      const facts = await t.make().call("server.facts", {});
      expect(facts.hostname).toBe((await import("node:os")).hostname());
      expect(facts.cpu.cores).toBeGreaterThan(0);
      expect(facts.memory.totalBytes).toBeGreaterThan(100 * 1024 * 1024);
      expect(facts.disks.some((d) => d.sizeBytes > 0)).toBe(true);
      if (existsSync(socket)) {
        expect(facts.docker.available).toBe(true);
        expect(facts.docker.version).toMatch(/^\d+\.\d+/);
      }
    });

    test("load is a sane snapshot", async () => {
      const load = await t.make().call("server.load", {});
      expect(load.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(load.cpuPercent).toBeLessThanOrEqual(100);
      expect(load.memory.usedBytes).toBeLessThanOrEqual(load.memory.totalBytes);
      expect(load.load).toHaveLength(3);
    });
  });
}

describe("dispatch", () => {
  const handlers = localHandlers({ dockerSocket: "/nonexistent.sock", appsDir: appsDirForTests }).calls;
  test("refuses a message of another protocol version", async () => {
    const res = await dispatchCall(handlers, { v: 99, id: "a", op: "server.facts", args: {} });
    expect(res.ok).toBe(false);
  });
  test("refuses an unknown operation", async () => {
    const res = await dispatchCall(handlers, { v: PROTOCOL_VERSION, id: "b", op: "rm -rf", args: {} });
    expect(res).toMatchObject({ ok: false, error: { code: "unknown_operation" } });
  });
  test("a missing Docker engine is reported, not thrown", async () => {
    const res = await dispatchCall(handlers, { v: PROTOCOL_VERSION, id: "c", op: "server.facts", args: {} });
    expect(res.ok).toBe(true);
    if (res.ok) expect((res.result as { docker: { available: boolean } }).docker.available).toBe(false);
  });
});
