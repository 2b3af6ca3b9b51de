// Alert rules through the API against the real Docker engine: a container in a restart loop
// fires the restart rule and its removal resolves it; a container that exits fires the exit
// rule and starting it again resolves it; a container burning CPU fires a CPU rule once its
// duration has passed (metrics collected every second) and resolves when stopped.
// Notifications land on a local webhook receiver.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { dockerFixtures, dockerReady, eventually } from "../docker/testing.ts";
import { startReceiver } from "../notify/testing.ts";
import { createTestApp, type TestClient } from "./testing.ts";

const ready = await dockerReady();
let t: Awaited<ReturnType<typeof createTestApp>>;
let owner: TestClient;
let viewer: TestClient;
let operator: TestClient;
let rx: ReturnType<typeof startReceiver>;
let hook: number;
const fx = dockerFixtures("alerts");

beforeAll(async () => {
  rx = startReceiver();
  t = await createTestApp("bun-sqlite", "notify:\n  retryDelaysMs: []\nmetrics:\n  intervalSeconds: 1\n");
  owner = await t.owner();
  viewer = await t.userWithRole(owner, "viewer");
  operator = await t.userWithRole(owner, "operator");
  hook = (await owner.request("POST", "/notification-channels", { name: "hook", config: { kind: "webhook", url: `${rx.url}/hook`, secret: "alerts-api-test-secret" } })).body.channel.id;
});

afterAll(async () => {
  t?.services.alerts.stop();
  await t?.services.metrics.stop();
  await fx.cleanup();
  await t?.close();
  rx?.stop();
});

const rule = async (body: Record<string, unknown>, who: TestClient = owner) => {
  const r = await who.request("POST", "/alert-rules", { channels: [hook], cooldownSec: 0, ...body });
  if (r.status !== 201) throw new Error(`rule: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.rule;
};
const firing = async (subject: string) => {
  const items = (await owner.request("GET", "/alerts/firing")).body.items as { subject: string; ruleName: string; message: string }[];
  return items.filter((i) => i.subject === subject);
};
const hooks = (subject: string) => rx.received.filter((r) => r.json?.alert?.subject === subject).map((r) => r.json.event as string);

describe("rules API", () => {
  test("create, read, edit, mute, unmute, delete; viewers read only", async () => {
    const r = await rule({ kind: "event", name: "disk", event: "disk_full", scope: "server", scopeId: "local" }, operator);
    expect(r).toMatchObject({ kind: "event", event: "disk_full", threshold: 90, durationSec: 0, severity: "warning", muted: false, channels: [hook] });
    expect((await viewer.request("GET", `/alert-rules/${r.id}`)).body.rule.name).toBe("disk");
    expect((await viewer.request("PATCH", `/alert-rules/${r.id}`, { threshold: 80 })).status).toBe(403);
    const p = await operator.request("PATCH", `/alert-rules/${r.id}`, { threshold: 80, severity: "critical" });
    expect(p.body.rule).toMatchObject({ threshold: 80, severity: "critical" });
    const m = await operator.request("POST", `/alert-rules/${r.id}/mute`, { minutes: 30 });
    expect(m.body.rule.muted).toBe(true);
    expect(Date.parse(m.body.rule.mutedUntil) - Date.now()).toBeGreaterThan(29 * 60_000);
    expect((await operator.request("POST", `/alert-rules/${r.id}/unmute`)).body.rule.muted).toBe(false);
    expect((await operator.request("DELETE", `/alert-rules/${r.id}`)).status).toBe(200);
    expect((await viewer.request("GET", `/alert-rules/${r.id}`)).status).toBe(404);
  });

  test.each([
    [{ kind: "event", name: "x", event: "disk_full", scope: "container" }, "bad_scope", "disk_full rule can watch: server, all"],
    [{ kind: "event", name: "x", event: "volcano" }, "validation_failed", "event"],
    [{ kind: "metric", name: "x", metric: "cpu_procent", threshold: 90 }, "unknown_metric", "Known metrics: cpu_percent"],
    [{ kind: "metric", name: "x", metric: "cpu_percent" }, "validation_failed", "threshold"],
    [{ kind: "event", name: "x", event: "container_exited", channels: [9999] }, "unknown_channel", "#9999"],
  ])("bad rule refused: %j", async (body, code, words) => {
    const r = await owner.request("POST", "/alert-rules", body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe(code);
    expect(JSON.stringify(r.body.error)).toContain(words);
  });

  test("catalog lists the events with their defaults", async () => {
    const c = (await viewer.request("GET", "/alerts/catalog")).body;
    expect(c.events.map((e: { event: string }) => e.event)).toContain("container_restarting");
    expect(Array.isArray(c.metrics)).toBe(true);
  });
});

describe.skipIf(!ready)("event rules on real Docker", () => {
  test("a container restarting in a loop fires the restart rule; removing it resolves the alert", async () => {
    await rule({ kind: "event", name: "restart loop", event: "container_restarting", scope: "container", scopeId: fx.name("loop"), threshold: 3, durationSec: 120, severity: "critical" });
    const name = await fx.run("loop", ["--restart", "always"], ["sh", "-c", "exit 1"]);
    const subject = `container:local/${name}`;
    const [alert] = await eventually(async () => {
      const f = await firing(subject);
      if (f.length !== 1) throw new Error("not firing yet");
      return f;
    }, 60_000);
    expect(alert!.ruleName).toBe("restart loop");
    expect(alert!.message).toMatch(new RegExp(`^container ${name} on local: restarting in a loop \\(\\d+ exits in 2 min\\)\\.$`));
    await rx.waitFor(1);
    await eventually(async () => expect(hooks(subject)).toEqual(["alert.firing"]), 20_000);

    await fx.docker(["rm", "-f", name]);
    await eventually(async () => expect(await firing(subject)).toEqual([]), 30_000);
    await eventually(async () => expect(hooks(subject)).toEqual(["alert.firing", "alert.resolved"]), 20_000);
    const history = (await owner.request("GET", "/alerts/history?limit=10")).body.items.filter((e: { subject: string }) => e.subject === subject);
    expect(history.map((e: { state: string; notified: string }) => [e.state, e.notified])).toEqual([["resolved", "sent"]]);
  }, 120_000);

  test("a container that exits fires the exit rule; starting it again resolves it", async () => {
    await rule({ kind: "event", name: "exited", event: "container_exited", scope: "container", scopeId: fx.name("once") });
    const name = await fx.run("once", [], ["sh", "-c", "sleep 1; exit 3"]);
    const subject = `container:local/${name}`;
    await eventually(async () => expect((await firing(subject)).map((f) => f.message)).toEqual([`container ${name} on local: exited.`]), 30_000);
    await fx.docker(["start", name]);
    await eventually(async () => expect(hooks(subject)).toEqual(["alert.firing", "alert.resolved", "alert.firing"]), 30_000);
  }, 90_000);

  test("a failing health check fires the health rule for the container", async () => {
    await rule({ kind: "event", name: "health", event: "health_failing", scope: "container", scopeId: fx.name("sick") });
    const name = await fx.run("sick", ["--health-cmd", "exit 1", "--health-interval", "1s", "--health-retries", "1", "--health-timeout", "2s"], ["sleep", "300"]);
    const subject = `container:local/${name}`;
    await eventually(async () => expect((await firing(subject)).map((f) => f.message)).toEqual([`container ${name} on local: health check failing.`]), 60_000);
    await fx.docker(["rm", "-f", name]);
    await eventually(async () => expect(await firing(subject)).toEqual([]), 30_000);
  }, 90_000);

  test("a container burning CPU fires the CPU rule after its duration, and resolves when stopped", async () => {
    t.services.metrics.start();
    await rule({ kind: "metric", name: "CPU burn", metric: "cpu_percent", scope: "container", scopeId: fx.name("burn"), operator: ">", threshold: 30, durationSec: 5, severity: "critical" });
    const started = Date.now();
    const name = await fx.run("burn", [], ["sh", "-c", "while :; do :; done"]);
    const subject = `container:local/${name}`;
    const [alert] = await eventually(async () => {
      const f = await firing(subject);
      if (f.length !== 1) throw new Error("not firing yet");
      return f;
    }, 90_000);
    // Never before the rule's 5 seconds of sustained breach.
    expect(Date.now() - started).toBeGreaterThanOrEqual(5_000);
    expect(alert!.message).toMatch(new RegExp(`^cpu_percent is [\\d.]+ \\(> 30\\) for 5 s on container ${name} on local\\.$`));
    await eventually(async () => expect(hooks(subject)).toEqual(["alert.firing"]), 20_000);

    await fx.docker(["stop", "-t", "0", name]);
    await eventually(async () => expect(await firing(subject)).toEqual([]), 30_000);
    await eventually(async () => expect(hooks(subject)).toEqual(["alert.firing", "alert.resolved"]), 20_000);
  }, 150_000);
});
