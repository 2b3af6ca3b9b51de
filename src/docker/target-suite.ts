// One behaviour suite for every Target: the panel's own machine in-process and a remote agent
// over a real connection must answer the same way. A test file calls registerTargetSuite with
// a way to get its Target; fixtures carry this run's label and are removed afterwards.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { randomId } from "../lib/ids.ts";
import type { Target } from "./index.ts";
import { dockerFixtures, dockerReady, eventually, TEST_IMAGE } from "./testing.ts";

export interface SuiteTarget {
  target: Target;
  /** Where the server under test keeps app folders. */
  appsDir: string;
}

const TICK = ["sh", "-c", 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.1; done'];

async function take<T>(it: AsyncIterable<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) {
    out.push(x);
    if (out.length >= n) break; // leaving the loop cancels the stream
  }
  return out;
}

export async function registerTargetSuite(name: string, setup: () => Promise<SuiteTarget>, teardown: () => Promise<void> = async () => undefined) {
  const ready = await dockerReady();
  describe.skipIf(!ready)(`Target suite: ${name}`, () => {
    const fx = dockerFixtures("suite");
    let s: SuiteTarget;
    let ticker: string;

    beforeAll(async () => {
      s = await setup();
      ticker = await fx.run("tick", [], TICK);
    }, 300_000);
    afterAll(async () => {
      await fx.cleanup();
      await teardown();
    }, 60_000);

    test("server.facts describe this machine", async () => {
      const facts = await s.target.call("server.facts", {});
      expect(facts.hostname).toBe(hostname());
      expect(facts.cpu.cores).toBeGreaterThan(0);
      expect(facts.docker.available).toBe(true);
      expect(facts.docker.version).toMatch(/^\d+\.\d+/);
    }, 60_000);

    test("containers.list shows a running container with its labels", async () => {
      const items = await s.target.call("containers.list", { all: true });
      const c = items.find((x) => x.name === ticker);
      expect(c).toMatchObject({ image: TEST_IMAGE, state: "running" });
      expect(c!.labels[fx.label.split("=")[0]!]).toBe(fx.label.split("=")[1]);
    }, 90_000);

    test("errors keep their code and kind across the transport", async () => {
      const err = (await s.target.call("containers.inspect", { id: "sk-no-such-container" }).catch((e) => e)) as { code: string; kind: string };
      expect(err).toMatchObject({ code: "container_not_found", kind: "not_found" });
    }, 90_000);

    test("a compose app deploys into the server's apps folder, runs, and goes away", async () => {
      const app = `sk-suite-${randomId(4).toLowerCase().replace(/[^a-z0-9]/g, "x")}`;
      const compose = `services:\n  web:\n    image: ${TEST_IMAGE}\n    command: ["sh", "-c", "echo hello-from-$$GREETING; exec sleep 1000"]\n    environment:\n      GREETING: \${GREETING}\n`;
      const { dir } = await s.target.call("apps.files.write", { app, compose, env: "GREETING=suite\n", overlay: null });
      expect(dir).toBe(join(s.appsDir, app));
      expect(existsSync(join(dir, "docker-compose.yml"))).toBe(true);
      try {
        const up = [];
        for await (const line of s.target.stream("compose.run", { app, action: "up" })) up.push(line);
        const ps = await s.target.call("compose.ps", { app });
        expect(ps).toHaveLength(1);
        expect(ps[0]).toMatchObject({ service: "web", state: "running", image: TEST_IMAGE });
        await eventually(async () => expect((await s.target.call("compose.logs", { app, tail: 5 })).lines.join("\n")).toContain("hello-from-suite"), 60_000);
      } finally {
        for await (const _ of s.target.stream("compose.run", { app, action: "down", removeVolumes: true })) void _;
        await s.target.call("apps.files.remove", { app });
      }
      expect(await s.target.call("compose.ps", { app })).toEqual([]);
      expect(existsSync(dir)).toBe(false);
    }, 240_000);

    test("a log stream follows new lines; leaving it and aborting it both stop it", async () => {
      const lines = await take(s.target.stream("containers.logs.follow", { id: ticker, tail: 1 }), 5);
      const n = lines.map((l) => Number(l.text.replace("tick ", "")));
      expect(n.slice(1).every((x, i) => x === n[i]! + 1)).toBe(true);

      const abort = new AbortController();
      const got: number[] = [];
      const reading = (async () => {
        for await (const l of s.target.stream("containers.logs.follow", { id: ticker, tail: 0 }, abort.signal)) {
          got.push(Number(l.text.replace("tick ", "")));
          if (got.length === 3) abort.abort();
        }
      })();
      // Ends once aborted instead of following forever (an error after our own abort is that abort).
      await reading.catch((err) => {
        if (!abort.signal.aborted) throw err;
      });
      expect(got.length).toBeGreaterThanOrEqual(3);
      // The server is still fine to use after cancelling.
      expect((await s.target.call("containers.list", { all: false })).some((c) => c.name === ticker)).toBe(true);
    }, 90_000);
  });
}
