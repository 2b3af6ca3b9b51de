// The event-kept container list, on the real engine: served from memory only while nothing
// changed, refreshed by events from changes made outside the panel.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Target } from "../docker/index.ts";
import { dockerFixtures, dockerReady, eventually, testTargets } from "../docker/testing.ts";
import { log } from "../lib/log.ts";
import { EventHub } from "./event-hub.ts";
import { ContainerListCache } from "./list-cache.ts";

const ready = await dockerReady();

describe.skipIf(!ready)("container list cache", () => {
  const fx = dockerFixtures("cache");
  let real: Target;
  let reads = 0;
  // The real Target, counting list reads: how we see whether the engine was asked.
  const counting = (): Target => ({
    serverId: real.serverId,
    call: ((op, args) => {
      if (op === "containers.list") reads++;
      return real.call(op, args);
    }) as Target["call"],
    stream: real.stream.bind(real),
  });
  const targetOf = async (server: string) => {
    if (server !== "local") throw new Error(`no server ${server}`);
    return counting();
  };

  beforeAll(() => {
    real = testTargets()[0]!.make();
  });
  afterAll(() => fx.cleanup());

  test("repeat reads come from memory; a change made outside the panel shows up through its event", async () => {
    const hub = new EventHub(targetOf, log.child({ test: true }));
    const cache = new ContainerListCache(targetOf, hub, { maxAgeMs: 60_000, graceMs: 50 });
    try {
      await cache.list("local", true);
      await eventually(async () => expect(hub.openSince("local")).not.toBeNull());
      await Bun.sleep(100);
      await cache.list("local", true); // first read after the stream is trusted: from the engine
      const before = reads;
      for (let i = 0; i < 5; i++) await cache.list("local", true);
      expect(reads).toBe(before);

      const name = await fx.create("outside", []); // docker CLI: the panel is not told, the engine's event is
      await eventually(async () => expect((await cache.list("local", true)).map((c) => c.name)).toContain(name), 3000);
      expect(reads).toBeGreaterThan(before);
      expect((await cache.list("local", false)).map((c) => c.name)).not.toContain(name); // created, not running

      const fresh = reads;
      await cache.list("local", true, true);
      expect(reads).toBe(fresh + 1);
      cache.invalidate("local");
      await cache.list("local", true);
      expect(reads).toBe(fresh + 2);
    } finally {
      cache.close();
    }
    await eventually(async () => expect(hub.listening("local")).toBe(false));
  });

  test("an idle cache lets go of its event stream; unknown servers leave nothing behind", async () => {
    const hub = new EventHub(targetOf, log.child({ test: true }));
    const cache = new ContainerListCache(targetOf, hub, { idleMs: 150 });
    await cache.list("local", true);
    expect(hub.listening("local")).toBe(true);
    await eventually(async () => expect(hub.listening("local")).toBe(false), 2000);
    await expect(cache.list("elsewhere", true)).rejects.toThrow(/no server/);
    expect(hub.listening("elsewhere")).toBe(false);
  });
});
