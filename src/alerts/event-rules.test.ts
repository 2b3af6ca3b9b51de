// Event rules checked on the timer or fed by the panel's own events: disk nearly full,
// certificate expiring, server offline (with its hold), backup failed. The panel's view is
// given as recorded values; the rule logic, history and deliveries are the real ones.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { freshDatabase } from "../db/testing.ts";
import { SecretBox } from "../lib/crypto.ts";
import { log } from "../lib/log.ts";
import { createNotify } from "../notify/index.ts";
import { startReceiver } from "../notify/testing.ts";
import { createAlerts, type JobUpdate } from "./index.ts";
import { recordedFeed } from "./testing.ts";

const quiet = log.child({ test: "alerts" });
let db: Awaited<ReturnType<typeof freshDatabase>>;
let rx: ReturnType<typeof startReceiver>;
let notify: ReturnType<typeof createNotify>;
let alerts: ReturnType<typeof createAlerts>;
let hook: number;
const view = {
  disk: { usedBytes: 50, totalBytes: 100 },
  servers: [{ id: "local", name: "This server", status: "online" }, { id: "edge", name: "edge-1", status: "online" }],
  certs: [] as { hostname: string; appId: number; state: string; daysLeft: number | null }[],
};
let jobListener: ((j: JobUpdate) => void) | null = null;

beforeEach(async () => {
  rx = startReceiver();
  db = await freshDatabase("bun-sqlite");
  notify = createNotify(db.db, { box: SecretBox.fromKeyFile(join(db.dir, "k")), log: quiet, discordApiBase: rx.url, telegramApiBase: rx.url, timeoutMs: 2000, retryDelaysMs: [] });
  alerts = createAlerts(db.db, {
    notify,
    log: quiet,
    tickMs: 3_600_000,
    sources: {
      metrics: recordedFeed([]).feed,
      servers: async () => view.servers,
      disk: async () => view.disk,
      containerEvents: async () => () => {},
      certificates: async () => view.certs,
      appName: async () => null,
      onJob: (l) => ((jobListener = l), () => (jobListener = null)),
    },
  });
  await alerts.start();
  hook = (await notify.create({ name: "hook", enabled: true, config: { kind: "webhook", url: `${rx.url}/hook`, secret: "event-rules-secret" } })).id;
});

afterEach(async () => {
  alerts.stop();
  notify.stop();
  rx.stop();
  await db.close();
  view.disk = { usedBytes: 50, totalBytes: 100 };
  view.servers.forEach((s) => (s.status = "online"));
  view.certs = [];
});

const settle = async () => {
  await alerts.settled();
  await notify.idle();
};
const firing = async () => (await alerts.events.firing()).map((e) => `${e.subject}: ${e.message}`);
const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);

describe("polled and panel events", () => {
  test("disk nearly full: fires at the threshold on the servers in scope, clears below it", async () => {
    await alerts.rules.create({ kind: "event", name: "disk", event: "disk_full", scope: "server", scopeId: "local", channels: [hook], cooldownSec: 0 });
    await alerts.tick(T0);
    expect(await firing()).toEqual([]);
    view.disk = { usedBytes: 93, totalBytes: 100 };
    await alerts.tick(T0 + 60_000);
    expect(await firing()).toEqual(["server:local: server This server: disk 93.0 % full."]); // edge is out of scope
    view.disk = { usedBytes: 70, totalBytes: 100 };
    await alerts.tick(T0 + 120_000);
    await settle();
    expect(await firing()).toEqual([]);
    expect(rx.received.map((r) => r.json.event)).toEqual(["alert.firing", "alert.resolved"]);
  });

  test("certificate expiring: below the days threshold fires per hostname; a renewal clears it", async () => {
    await alerts.rules.create({ kind: "event", name: "certs", event: "cert_expiring", threshold: 10 });
    view.certs = [
      { hostname: "shop.example.com", appId: 1, state: "active", daysLeft: 6 },
      { hostname: "blog.example.com", appId: 2, state: "active", daysLeft: 60 },
      { hostname: "new.example.com", appId: 3, state: "issuing", daysLeft: null },
    ];
    await alerts.tick(T0);
    expect(await firing()).toEqual(["certificate:shop.example.com: certificate of shop.example.com: certificate expires in 6 days."]);
    view.certs[0]!.daysLeft = 89;
    await alerts.tick(T0 + 60_000);
    expect(await firing()).toEqual([]);
  });

  test("server offline: fires only once offline for the rule's duration; back online resolves", async () => {
    await alerts.rules.create({ kind: "event", name: "agents", event: "agent_offline", durationSec: 120, channels: [hook], cooldownSec: 0 });
    view.servers[1]!.status = "offline";
    await alerts.tick(T0);
    await alerts.tick(T0 + 60_000);
    expect(await firing()).toEqual([]);
    await alerts.tick(T0 + 121_000);
    expect(await firing()).toEqual(["server:edge: server edge-1: agent offline."]);
    view.servers[1]!.status = "online";
    await alerts.tick(T0 + 180_000);
    await settle();
    expect(await firing()).toEqual([]);
    expect(rx.received.map((r) => `${r.json.event} ${r.json.alert.subject}`)).toEqual(["alert.firing server:edge", "alert.resolved server:edge"]);
  });

  test("backup failed: a failed run fires for its plan with the job's error; the next good run resolves it", async () => {
    await alerts.rules.create({ kind: "event", name: "backups", event: "backup_failed", severity: "critical", channels: [hook] });
    jobListener!({ kind: "backups.run", status: "running", serverId: "local", target: "backup-plan:4", error: null });
    jobListener!({ kind: "apps.deploy", status: "failed", serverId: "local", target: "app:1", error: "x" });
    await settle();
    expect(await firing()).toEqual([]);
    jobListener!({ kind: "backups.run", status: "failed", serverId: "local", target: "backup-plan:4", error: "storage unreachable" });
    await settle();
    expect(await firing()).toEqual(["backup-plan:4: backup plan #4: backup failed: storage unreachable."]);
    expect(rx.received[0]!.json.severity).toBe("critical");
    jobListener!({ kind: "backups.run", status: "succeeded", serverId: "local", target: "backup-plan:4", error: null });
    await settle();
    expect(await firing()).toEqual([]);
  });

  test("a disabled rule closes its open alerts quietly", async () => {
    const rule = await alerts.rules.create({ kind: "event", name: "disk", event: "disk_full", channels: [hook], cooldownSec: 0 });
    view.disk = { usedBytes: 99, totalBytes: 100 };
    await alerts.tick(T0);
    await settle();
    expect((await firing()).length).toBe(2);
    await alerts.rules.update(rule.id, { enabled: false });
    await settle();
    expect(await firing()).toEqual([]);
    expect(rx.received.map((r) => r.json.event)).toEqual(["alert.firing", "alert.firing"]);
  });

  test("history keeps 90 days of resolved alerts; an alert still firing stays whatever its age", async () => {
    await alerts.rules.create({ kind: "event", name: "disk", event: "disk_full", scope: "server", scopeId: "local" });
    await alerts.rules.create({ kind: "event", name: "edge down", event: "agent_offline", scope: "server", scopeId: "edge", durationSec: 0 });
    view.disk = { usedBytes: 95, totalBytes: 100 };
    view.servers[1]!.status = "offline";
    await alerts.tick(T0);
    view.disk = { usedBytes: 10, totalBytes: 100 };
    await alerts.tick(T0 + 60_000);
    const states = async () => (await alerts.events.history({})).items.map((e) => `${e.ruleName} ${e.state}`).sort();
    expect(await states()).toEqual(["disk resolved", "edge down firing"]);
    await alerts.tick(T0 + 89 * 86_400_000);
    expect(await states()).toEqual(["disk resolved", "edge down firing"]);
    await alerts.tick(T0 + 91 * 86_400_000);
    expect(await states()).toEqual(["edge down firing"]);
  });

  test("changing a rule's condition closes what it had open; renaming it (other fields as they were) does not", async () => {
    const rule = await alerts.rules.create({ kind: "event", name: "disk", event: "disk_full", scope: "server", scopeId: "local" });
    view.disk = { usedBytes: 95, totalBytes: 100 };
    await alerts.tick(T0);
    // The edit dialog sends every field; unchanged values are not a change.
    await alerts.rules.update(rule.id, { name: "disk (local)", scope: "server", scopeId: "local", threshold: 90, durationSec: 0 });
    expect((await alerts.events.firing()).length).toBe(1);
    await alerts.rules.update(rule.id, { threshold: 99 });
    expect(await alerts.events.firing()).toEqual([]);
    await alerts.tick(T0 + 60_000); // 95 % is below the new threshold: nothing fires again
    expect(await alerts.events.firing()).toEqual([]);
  });
});
