// Docker management through every Target implementation, against the real engine.
// Fixtures carry this run's label and are removed in afterAll whatever happened.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Target } from "./index.ts";
import { dockerFixtures, dockerReady, eventually, TEST_IMAGE, testTargets } from "./testing.ts";

const ready = await dockerReady();
const ISO_NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/;
/** Prints two lines on each stream, then idles: deterministic logs. */
const TALK = ["sh", "-c", "echo out-1; echo err-1 >&2; echo out-2; echo err-2 >&2; exec sleep 1000"];
const TICK = ["sh", "-c", 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.1; done'];

async function failure(p: Promise<unknown>): Promise<{ code: string; kind: string; message: string; details?: any }> {
  try {
    await p;
  } catch (err) {
    return err as { code: string; kind: string; message: string; details?: any };
  }
  throw new Error("expected a failure");
}

/** Up to n chunks, or what came before `abort` fired (an error after our own abort is the abort). */
async function collect<T>(it: AsyncIterable<T>, n: number, abort: AbortController, ms = 10_000): Promise<T[]> {
  const out: T[] = [];
  const timer = setTimeout(() => abort.abort(), ms);
  try {
    for await (const x of it) {
      out.push(x);
      if (out.length >= n) break;
    }
  } catch (err) {
    if (!abort.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return out;
}

for (const impl of testTargets()) {
  describe.skipIf(!ready)(`Docker through Target: ${impl.name}`, () => {
    const fx = dockerFixtures("target");
    let t: Target;
    let web: string;
    let vol: string;
    let talk: string;
    let webPort: number;

    beforeAll(async () => {
      t = impl.make();
      vol = await fx.volume("data");
      web = await fx.run(
        "web",
        ["-p", "127.0.0.1::80", "-v", `${vol}:/data`, "--label", "com.docker.compose.project=skdemo", "--label", "com.docker.compose.service=web"],
        ["httpd", "-f", "-p", "80", "-h", "/www"],
      );
      talk = await fx.run("talk", [], TALK);
      webPort = Number((await fx.docker(["port", web, "80/tcp"])).split(":").pop());
    }, 60_000);
    afterAll(() => fx.cleanup(), 60_000);

    test("list shows state, published port and the app/service labels", async () => {
      const items = await t.call("containers.list", { all: true });
      const c = items.find((x) => x.name === web)!;
      expect(c).toMatchObject({ image: TEST_IMAGE, state: "running", app: "skdemo", service: "web" });
      expect(c.status).toMatch(/^Up /);
      expect(c.ports).toContainEqual({ hostIp: "127.0.0.1", hostPort: webPort, containerPort: 80, protocol: "tcp" });
      expect(c.labels["com.docker.compose.project"]).toBe("skdemo");
      const page = await fetch(`http://127.0.0.1:${webPort}/`);
      expect(await page.text()).toContain("serverkit test image");
    });

    test("inspect gives details: mounts, networks, start time, command", async () => {
      const { container, details } = await t.call("containers.inspect", { id: web });
      expect(container.startedAt).toMatch(ISO_NANO);
      expect(details.mounts).toContainEqual({ type: "volume", name: vol, source: expect.any(String), destination: "/data", rw: true });
      expect(details.networks.map((n) => n.name)).toContain("bridge");
      expect(details.cmd).toEqual(["httpd", "-f", "-p", "80", "-h", "/www"]);
      expect(details.restartPolicy.name).toBe("no");
      expect((await failure(t.call("containers.inspect", { id: "sk-no-such-container" }))).code).toBe("container_not_found");
    });

    test("stop, start, restart, kill, remove", async () => {
      const id = await fx.run("life", [], ["httpd", "-f", "-p", "80"]);
      const stopped = await t.call("containers.action", { id, action: "stop", timeoutSeconds: 1 });
      expect(stopped.state).toBe("exited");
      expect(stopped.status).toMatch(/^Exited \(\d+\) .* ago$/);
      // Stopping a stopped container is not an error: it is where it was asked to be.
      expect((await t.call("containers.action", { id, action: "stop", timeoutSeconds: 1 })).state).toBe("exited");
      const started = await t.call("containers.action", { id, action: "start" });
      expect(started.state).toBe("running");
      const restarted = await t.call("containers.action", { id, action: "restart", timeoutSeconds: 0 });
      expect(restarted.state).toBe("running");
      expect(Date.parse(restarted.startedAt!)).toBeGreaterThan(Date.parse(started.startedAt!));
      const running = await failure(t.call("containers.remove", { id }));
      expect(running).toMatchObject({ code: "container_conflict", kind: "conflict" });
      expect((await t.call("containers.action", { id, action: "kill" })).state).toBe("exited");
      await t.call("containers.remove", { id });
      expect((await failure(t.call("containers.inspect", { id }))).kind).toBe("not_found");
    }, 30_000);

    test("logs: tail, stdout/stderr kept apart, timestamps", async () => {
      await eventually(async () => expect((await t.call("containers.logs", { id: talk })).lines).toHaveLength(4));
      const { lines } = await t.call("containers.logs", { id: talk });
      expect(lines.filter((l) => l.stream === "stdout").map((l) => l.text)).toEqual(["out-1", "out-2"]);
      expect(lines.filter((l) => l.stream === "stderr").map((l) => l.text)).toEqual(["err-1", "err-2"]);
      expect(lines.every((l) => l.ts === null)).toBe(true);

      const tail = await t.call("containers.logs", { id: talk, tail: 1, timestamps: true });
      expect(tail.lines).toHaveLength(1);
      expect(tail.lines[0]!.ts).toMatch(ISO_NANO);
      expect(tail.lines[0]!.text).toMatch(/^(out|err)-2$/);

      const later = await t.call("containers.logs", { id: talk, since: Date.now() / 1000 + 60 });
      expect(later.lines).toEqual([]);
    });

    test("logs of a TTY container are one plain stream", async () => {
      const tty = await fx.run("tty", ["-t"], ["sh", "-c", "echo tty-line; exec sleep 1000"]);
      await eventually(async () => expect((await t.call("containers.logs", { id: tty })).lines).toEqual([{ stream: "stdout", ts: null, text: "tty-line" }]));
    });

    test("follow: the backlog, then lines as they are printed; abort stops it", async () => {
      const ticker = await fx.run("tick", [], TICK);
      await Bun.sleep(300);
      const abort = new AbortController();
      const lines = await collect(t.stream("containers.logs.follow", { id: ticker, tail: 2, timestamps: true }, abort.signal), 8, abort);
      expect(lines).toHaveLength(8);
      const n = lines.map((l) => Number(l.text.replace("tick ", "")));
      expect(n.slice(1).every((x, i) => x === n[i]! + 1)).toBe(true); // consecutive: backlog then live
      expect(lines.every((l) => l.stream === "stdout" && ISO_NANO.test(l.ts!))).toBe(true);
      // A stream opened for a container that does not exist fails with its code.
      const gone = await failure(collect(t.stream("containers.logs.follow", { id: "sk-no-such-container" }), 1, new AbortController()));
      expect(gone.code).toBe("container_not_found");
    }, 20_000);

    test("stats: a sample with memory and CPU, then a live stream", async () => {
      const s = await t.call("containers.stats", { id: web });
      expect(s.memory.usedBytes).toBeGreaterThan(0);
      expect(s.memory.limitBytes).toBeGreaterThanOrEqual(s.memory.usedBytes);
      expect(s.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(Number.isNaN(Date.parse(s.at))).toBe(false);
      const abort = new AbortController();
      const samples = await collect(t.stream("containers.stats.stream", { id: web }, abort.signal), 2, abort);
      expect(samples).toHaveLength(2);
      expect(samples[1]!.memory.usedBytes).toBeGreaterThan(0);
    }, 20_000);

    test("events: ready first, then stop and start as they happen", async () => {
      const id = await fx.run("evt", [], ["httpd", "-f", "-p", "80"]);
      const abort = new AbortController();
      const seen = collect(t.stream("docker.events", {}, abort.signal), 100, abort, 15_000);
      await Bun.sleep(300); // let the stream open before acting
      await t.call("containers.action", { id, action: "stop", timeoutSeconds: 0 });
      await t.call("containers.action", { id, action: "start" });
      await Bun.sleep(500);
      abort.abort();
      const chunks = await seen;
      expect(chunks[0]).toEqual({ ready: true }); // the engine is sending: nothing after this is missed
      const mine = chunks.flatMap((e) => ("type" in e && e.type === "container" && e.name === id ? [e.action] : []));
      expect(mine).toEqual(expect.arrayContaining(["die", "stop", "start"]));
      expect(mine.indexOf("start")).toBeGreaterThan(mine.indexOf("stop"));
    }, 20_000);

    test("a volume in use cannot be removed, and the error names its user", async () => {
      const err = await failure(t.call("volumes.remove", { name: vol }));
      expect(err).toMatchObject({ code: "volume_in_use", kind: "conflict", details: { usedBy: [web] } });
      expect(err.message).toContain(web);
      const listed = (await t.call("volumes.list", {})).find((v) => v.name === vol)!;
      expect(listed.usedBy).toEqual([web]);
      expect(listed.labels["serverkit.test"]).toBeDefined();

      const spare = fx.name("spare");
      const created = await t.call("volumes.create", { name: spare, labels: { "serverkit.test": fx.label.split("=")[1]! } });
      expect(created).toMatchObject({ name: spare, driver: "local", usedBy: [] });
      expect((await failure(t.call("volumes.create", { name: spare }))).code).toBe("volume_exists");
      await t.call("volumes.remove", { name: spare });
      expect((await failure(t.call("volumes.remove", { name: spare }))).code).toBe("volume_not_found");
    });

    test("networks: create, refuse removal while attached (naming who), remove", async () => {
      const name = fx.name("net");
      const net = await t.call("networks.create", { name, labels: { "serverkit.test": fx.label.split("=")[1]! } });
      expect(net).toMatchObject({ name, driver: "bridge", builtin: false, usedBy: [] });
      expect((await failure(t.call("networks.create", { name }))).kind).toBe("conflict");
      await fx.docker(["network", "connect", name, talk]);
      expect((await t.call("networks.list", {})).find((n) => n.name === name)!.usedBy).toEqual([talk]);
      const err = await failure(t.call("networks.remove", { id: name }));
      expect(err).toMatchObject({ code: "network_in_use", kind: "conflict", details: { usedBy: [talk] } });
      await fx.docker(["network", "disconnect", name, talk]);
      await t.call("networks.remove", { id: net.id });
      expect((await t.call("networks.list", {})).some((n) => n.name === name)).toBe(false);
      expect((await failure(t.call("networks.remove", { id: "bridge" }))).code).toBe("network_builtin");
    });

    test("images: listed with their users; removal refused while in use", async () => {
      const img = (await t.call("images.list", {})).find((i) => i.tags.includes(TEST_IMAGE))!;
      expect(img.containers).toBeGreaterThanOrEqual(2);
      expect(img.sizeBytes).toBeGreaterThan(0);
      const err = await failure(t.call("images.remove", { id: TEST_IMAGE }));
      expect(err).toMatchObject({ code: "image_in_use", kind: "conflict" });
      expect(err.details.usedBy).toEqual(expect.arrayContaining([web, talk]));
      // force does not reach through running containers either
      expect((await failure(t.call("images.remove", { id: TEST_IMAGE, force: true }))).code).toBe("image_in_use");
      expect((await failure(t.call("images.remove", { id: "local/never-built:nope" }))).code).toBe("image_not_found");
    });

    test("published ports: running ones, and the bindings of stopped containers", async () => {
      const parked = await fx.create("parked", ["-p", "127.0.0.1:47913:80"], ["httpd", "-f", "-p", "80"]);
      const { ports } = await t.call("docker.publishedPorts", {});
      expect(ports).toContainEqual({ hostIp: "127.0.0.1", hostPort: webPort, protocol: "tcp", container: web, running: true });
      expect(ports).toContainEqual({ hostIp: "127.0.0.1", hostPort: 47913, protocol: "tcp", container: parked, running: false });
    });

    test("a pull from an unreachable registry fails with the registry's error and leaves nothing", async () => {
      const before = (await t.call("images.list", {})).map((i) => i.id).sort();
      const err = await failure(collect(t.stream("images.pull", { image: "127.0.0.1:1/serverkit/nothing:1" }), 100, new AbortController()));
      expect(err.code).toBe("image_pull_failed");
      expect(err.message).toContain("127.0.0.1:1");
      expect((await t.call("images.list", {})).map((i) => i.id).sort()).toEqual(before);
    }, 20_000);
  });
}
