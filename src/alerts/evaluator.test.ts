// Rule timing, cooldown, resolution and failing channels, with recorded metric samples pushed
// at chosen times (a 5-minute duration checked without waiting 5 minutes) and real deliveries
// to local HTTP receivers.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { freshDatabase } from "../db/testing.ts";
import { SecretBox } from "../lib/crypto.ts";
import { log } from "../lib/log.ts";
import { createNotify } from "../notify/index.ts";
import { deadPort, startReceiver } from "../notify/testing.ts";
import { createAlerts } from "./index.ts";
import { containerCpu, recordedFeed } from "./testing.ts";

const quiet = log.child({ test: "alerts" });
const SECRET = "evaluator-test-secret";
let rx: ReturnType<typeof startReceiver>;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let notify: ReturnType<typeof createNotify>;
let alerts: ReturnType<typeof createAlerts>;
let metrics: ReturnType<typeof recordedFeed>;
let hook: number;

beforeAll(() => {
  rx = startReceiver();
});
afterAll(() => rx.stop());

beforeEach(async () => {
  rx.received.length = 0;
  db = await freshDatabase("bun-sqlite");
  const box = SecretBox.fromKeyFile(join(db.dir, "secret.key"));
  notify = createNotify(db.db, { box, log: quiet, discordApiBase: rx.url, telegramApiBase: rx.url, timeoutMs: 2000, retryDelaysMs: [50, 100] });
  metrics = recordedFeed(["cpu_percent", "memory_percent"]);
  alerts = createAlerts(db.db, {
    notify,
    log: quiet,
    tickMs: 3_600_000,
    sources: {
      metrics: metrics.feed,
      servers: async () => [{ id: "local", name: "This server", status: "online" }],
      disk: async () => ({ usedBytes: 1, totalBytes: 100 }),
      containerEvents: async () => () => {},
      certificates: async () => [],
      appName: async () => null,
      onJob: () => () => {},
    },
  });
  await alerts.start();
  hook = (await notify.create({ name: "hook", enabled: true, config: { kind: "webhook", url: `${rx.url}/hook`, secret: SECRET } })).id;
});

afterEach(async () => {
  alerts.stop();
  notify.stop();
  await db.close();
});

const settle = async () => {
  await alerts.settled();
  await notify.idle();
  await alerts.settled();
};
const phases = () => rx.received.filter((r) => r.path === "/hook").map((r) => `${r.json.event} ${r.json.alert.subject}`);
const T0 = Date.UTC(2026, 10, 24, 8, 0, 0);
const MIN = 60_000;

describe("metric rules", () => {
  test("CPU > 90 for 5 min: quiet for the first 4 minutes, fires at 5, resolves (with a message) when it drops", async () => {
    await alerts.rules.create({ kind: "metric", name: "CPU high", metric: "cpu_percent", scope: "container", operator: ">", threshold: 90, durationSec: 300, severity: "critical", channels: [hook], cooldownSec: 0 });
    for (let m = 0; m <= 4; m++) metrics.push(T0 + m * MIN, [containerCpu("burner", 97)]);
    await settle();
    expect(phases()).toEqual([]);
    expect(await alerts.events.firing()).toEqual([]);

    metrics.push(T0 + 5 * MIN, [containerCpu("burner", 98.5)]);
    await settle();
    const [firing] = await alerts.events.firing();
    expect(firing!.subject).toBe("container:local/burner");
    expect(firing!.message).toBe("cpu_percent is 98.5 (> 90) for 5 min on container burner on local.");
    expect(firing!.startedAt).toBe(new Date(T0).toISOString()); // when the condition began
    expect(phases()).toEqual(["alert.firing container:local/burner"]);
    const sent = rx.received[0]!.json;
    expect(sent.severity).toBe("critical");
    expect(sent.alert.value).toBe(98.5);
    expect(sent.alert.rule.threshold).toBe(90);

    metrics.push(T0 + 6 * MIN, [containerCpu("burner", 3)]);
    await settle();
    expect(await alerts.events.firing()).toEqual([]);
    expect(phases()).toEqual(["alert.firing container:local/burner", "alert.resolved container:local/burner"]);
    expect(rx.received[1]!.json.text).toContain("Resolved after 6 min. Now 3.");
    const { items } = await alerts.events.history({});
    expect(items.map((e) => [e.state, e.notified])).toEqual([["resolved", "sent"]]);
    expect(items[0]!.deliveries.map((d) => [d.phase, d.ok])).toEqual([["firing", true], ["resolved", true]]);
  });

  test("a dip below the threshold restarts the duration", async () => {
    await alerts.rules.create({ kind: "metric", name: "CPU", metric: "cpu_percent", scope: "all", threshold: 90, durationSec: 120, channels: [hook] });
    metrics.push(T0, [containerCpu("a", 95)]);
    metrics.push(T0 + MIN, [containerCpu("a", 50)]);
    metrics.push(T0 + 2 * MIN, [containerCpu("a", 95)]);
    metrics.push(T0 + 3 * MIN, [containerCpu("a", 95)]);
    await settle();
    expect(await alerts.events.firing()).toEqual([]);
    metrics.push(T0 + 4 * MIN, [containerCpu("a", 95)]);
    await settle();
    expect((await alerts.events.firing()).length).toBe(1);
  });

  test("a container that stops (no more samples) resolves its alert", async () => {
    await alerts.rules.create({ kind: "metric", name: "CPU", metric: "cpu_percent", scope: "container", scopeId: "burner", threshold: 90, channels: [hook], cooldownSec: 0 });
    metrics.push(T0, [containerCpu("burner", 99), containerCpu("other", 99)]);
    await settle();
    expect((await alerts.events.firing()).map((e) => e.subject)).toEqual(["container:local/burner"]); // scopeId: only burner
    metrics.push(T0 + MIN, [containerCpu("other", 99)]);
    await settle();
    expect(await alerts.events.firing()).toEqual([]);
    expect(phases()).toEqual(["alert.firing container:local/burner", "alert.resolved container:local/burner"]);
  });

  test("cooldown: two breaches within it send one notification (and one all-clear); both are in the history", async () => {
    await alerts.rules.create({ kind: "metric", name: "flappy", metric: "cpu_percent", threshold: 90, channels: [hook], cooldownSec: 600 });
    const values = [95, 10, 96, 10];
    values.forEach((v, i) => metrics.push(T0 + i * MIN, [containerCpu("f", v)]));
    await settle();
    expect(phases()).toEqual(["alert.firing container:local/f", "alert.resolved container:local/f"]);
    const { items } = await alerts.events.history({});
    expect(items.map((e) => [e.state, e.notified])).toEqual([
      ["resolved", "cooldown"],
      ["resolved", "sent"],
    ]);
    // After the cooldown, a new breach is sent again.
    metrics.push(T0 + 11 * MIN, [containerCpu("f", 97)]);
    await settle();
    expect(phases().filter((p) => p.startsWith("alert.firing"))).toHaveLength(2);
  });

  test("a muted rule records its alerts and sends nothing", async () => {
    const rule = await alerts.rules.create({ kind: "metric", name: "muted", metric: "cpu_percent", threshold: 90, channels: [hook] });
    expect((await alerts.rules.mute(rule.id, null)).muted).toBe(true);
    metrics.push(T0, [containerCpu("m", 99)]);
    metrics.push(T0 + MIN, [containerCpu("m", 1)]);
    await settle();
    expect(phases()).toEqual([]);
    expect((await alerts.events.history({})).items.map((e) => e.notified)).toEqual(["muted"]);
  });

  test("an unreachable webhook is retried, its error kept on the alert; the other channel delivers and evaluation goes on", async () => {
    const dead = (await notify.create({ name: "dead", enabled: true, config: { kind: "webhook", url: `http://127.0.0.1:${deadPort()}/x`, secret: SECRET } })).id;
    await alerts.rules.create({ kind: "metric", name: "CPU", metric: "cpu_percent", threshold: 90, channels: [dead, hook], cooldownSec: 0 });
    metrics.push(T0, [containerCpu("one", 99)]);
    await settle();
    const [event] = (await alerts.events.history({})).items;
    const byChannel = Object.fromEntries(event!.deliveries.map((d) => [d.channel, d]));
    expect(byChannel.dead).toMatchObject({ ok: false, attempts: 3, final: true });
    expect(byChannel.dead!.error).toMatch(/^127\.0\.0\.1:\d+: /);
    expect(byChannel.hook).toMatchObject({ ok: true, attempts: 1 });
    expect(event!.lastError).toStartWith("dead: 127.0.0.1:");
    expect((await notify.get(dead)).lastError).toStartWith("127.0.0.1:");

    metrics.push(T0 + MIN, [containerCpu("one", 99), containerCpu("two", 99)]);
    await settle();
    expect((await alerts.events.firing()).map((e) => e.subject).sort()).toEqual(["container:local/one", "container:local/two"]);
  });

  test("a rule on an unknown metric is refused, naming the known ones", async () => {
    const err = await alerts.rules.create({ kind: "metric", name: "x", metric: "cpu_procent", threshold: 1 }).catch((e) => e);
    expect(err.code).toBe("unknown_metric");
    expect(err.message).toContain("cpu_percent, memory_percent");
  });
});
