// One shared Docker event stream per server, on the real engine.
import { afterAll, describe, expect, test } from "bun:test";
import { createLocalTarget } from "../docker/index.ts";
import { dockerFixtures, dockerReady, eventually, testTargets } from "../docker/testing.ts";
import { log } from "../lib/log.ts";
import type { DockerEvent } from "../protocol/index.ts";
import { EventHub } from "./event-hub.ts";

const ready = await dockerReady();
const quiet = log.child({ test: true });

describe.skipIf(!ready)("event hub", () => {
  const fx = dockerFixtures("hub");
  afterAll(() => fx.cleanup());

  test("listeners share one stream; it closes with the last one", async () => {
    const target = testTargets()[0]!.make();
    let resolved = 0;
    const hub = new EventHub(async () => (resolved++, target), quiet);
    const a: DockerEvent[] = [];
    const b: DockerEvent[] = [];
    const stopA = await hub.subscribe("local", (e) => a.push(e));
    const stopB = await hub.subscribe("local", (e) => b.push(e));
    await Bun.sleep(300);
    const name = await fx.create("evt", []);
    await eventually(async () => {
      expect(a.some((e) => e.name === name && e.action === "create")).toBe(true);
      expect(b.some((e) => e.name === name && e.action === "create")).toBe(true);
    });
    expect(resolved).toBe(3); // two subscribes + one stream
    stopA();
    expect(hub.listening("local")).toBe(true);
    stopB();
    expect(hub.listening("local")).toBe(false);
  });

  test("a broken stream is retried with backoff while someone listens", async () => {
    const broken = createLocalTarget({ dockerSocket: "/nonexistent/docker.sock", appsDir: "/nonexistent" });
    let opened = 0;
    const hub = new EventHub(async () => (opened++, broken), quiet, 20);
    const stop = await hub.subscribe("local", () => {});
    await eventually(async () => expect(opened).toBeGreaterThanOrEqual(4)); // 20, 40, 80 ms apart
    stop();
    const after = opened;
    await Bun.sleep(400);
    expect(opened).toBe(after);
  });
});
