// A real agent process against signed-command attacks and lifecycle events: replayed, forged,
// expired, misdirected, malformed and oversized commands are refused (and audited) without
// running; a repeated command id is answered from memory; the agent survives a panel restart;
// a revoked agent is dropped at once and cannot come back.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { websocket } from "hono/bun";
import { randomId } from "../lib/ids.ts";
import { encodeFrame, generateSigningKey, importPrivateKey, MAX_FRAME_BYTES, PROTOCOL_VERSION, sign, type CommandPayload } from "../protocol/index.ts";
import { loadPanelKey } from "./keys.ts";
import { removeDir, startAgent, startTestPanel, until, type AgentProcess, type TestPanel } from "./testing.ts";

let panel: TestPanel;
let agent: AgentProcess;
let serverId: string;
let panelKey: CryptoKey;

const COMPOSE = "services:\n  x:\n    image: local/busybox:test\n";

beforeAll(async () => {
  panel = await startTestPanel();
  panelKey = (await loadPanelKey(panel.db.dir)).key;
  const added = await panel.addServer();
  serverId = added.server.id;
  agent = startAgent([`--token=${added.token}`, "--panel", panel.url]);
  await until(async () => expect(await panel.status(serverId)).toBe("online"), 180_000, `agent online; it said:\n${agent?.output()}`);
}, 240_000);
afterAll(async () => {
  await agent?.stop();
  await panel?.stop();
  if (agent) removeDir(agent.dataDir);
});

const appDir = (app: string) => join(agent.dataDir, "apps", app);

async function command(p: Partial<CommandPayload>, key: CryptoKey = panelKey): Promise<string> {
  const payload = JSON.stringify({
    serverId,
    id: randomId(9),
    op: "apps.files.write",
    args: { app: `sk-x-${randomId(3).toLowerCase().replace(/[^a-z0-9]/g, "x")}`, compose: COMPOSE, env: "", overlay: null },
    nonce: randomId(18),
    expiresAt: Date.now() + 30_000,
    kind: "call",
    ...p,
  });
  return encodeFrame({ v: PROTOCOL_VERSION, type: "command", payload, sig: await sign(key, payload) });
}

/** Waits for the agent's refusal of command `id` (or of an unidentifiable frame) to be audited. */
async function refusal(id: string | null, code: string) {
  return until(async () => {
    const hit = (await panel.auditActions("agents.command_refused")).find((e) => e.details.code === code && (id === null || e.details.command === id));
    if (!hit) throw new Error(`no ${code} refusal audited`);
    return hit;
  }, 45_000, `${code} refusal`);
}

describe("signed commands", () => {
  test("heartbeats bring the server's load to the list", async () => {
    await until(async () => {
      const s = (await panel.admin.request("GET", "/servers")).body.items.find((x: { id: string }) => x.id === serverId);
      expect(s.load.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(s.lastSeenAt).not.toBeNull();
    }, 170_000, "heartbeat load"); // the first load sample can take a minute on a busy machine
  }, 200_000);

  test("a captured command replayed is refused and does not run again", async () => {
    const target = await panel.services.servers.target(serverId);
    let captured: string | undefined;
    panel.services.agents.testing.tap((_id, frame) => (captured ??= frame));
    const app = "sk-replay-probe";
    await target.call("apps.files.write", { app, compose: COMPOSE, env: "" });
    panel.services.agents.testing.tap(undefined);
    expect(existsSync(appDir(app))).toBe(true);
    rmSync(appDir(app), { recursive: true });

    expect(panel.services.agents.testing.inject(serverId, captured!)).toBe(true);
    const id = JSON.parse(JSON.parse(captured!).payload).id;
    expect(await refusal(id, "replay")).toMatchObject({ result: "failure", target: `server:${serverId}` });
    expect(existsSync(appDir(app))).toBe(false);
  }, 90_000);

  test("a repeated command id with a fresh nonce gets the stored answer, not a second run", async () => {
    const id = randomId(9);
    const args = { app: "sk-idem-probe", compose: COMPOSE, env: "", overlay: null };
    panel.services.agents.testing.inject(serverId, await command({ id, args }));
    await until(async () => expect(existsSync(appDir("sk-idem-probe"))).toBe(true), 45_000, "first run");
    rmSync(appDir("sk-idem-probe"), { recursive: true });
    panel.services.agents.testing.inject(serverId, await command({ id, args }));
    await until(async () => expect(agent.output()).toContain("repeated command id"), 45_000, "the repeat to be answered");
    expect(existsSync(appDir("sk-idem-probe"))).toBe(false);
  }, 90_000);

  test("forged, expired and misdirected commands are refused and do not run", async () => {
    const forger = await importPrivateKey((await generateSigningKey()).privateKey);
    const cases: [string, string, string][] = [];
    for (const [code, p, key] of [
      ["bad_signature", {}, forger],
      ["expired", { expiresAt: Date.now() - 1000 }, panelKey],
      ["expired", { expiresAt: Date.now() + 3_600_000 }, panelKey], // would outlive the replay window
      ["wrong_target", { serverId: "srv-someone-else" }, panelKey],
    ] as [string, Partial<CommandPayload>, CryptoKey][]) {
      const frame = await command(p, key);
      const payload = JSON.parse(JSON.parse(frame).payload);
      cases.push([code, payload.id, payload.args.app]);
      panel.services.agents.testing.inject(serverId, frame);
    }
    for (const [code, id, app] of cases) {
      await refusal(code === "bad_signature" ? null : id, code);
      expect(existsSync(appDir(app))).toBe(false);
    }
    // A tampered payload under a genuine signature: the signature covers the exact string.
    const genuine = JSON.parse(await command({}));
    const tampered = JSON.stringify({ ...genuine, payload: genuine.payload.replace('"kind":"call"', '"kind":"call" ') });
    panel.services.agents.testing.inject(serverId, tampered);
    await until(async () => expect((await panel.auditActions("agents.command_refused")).filter((e) => e.details.code === "bad_signature").length).toBeGreaterThanOrEqual(2), 45_000, "tamper refusal");
    expect(existsSync(appDir(JSON.parse(genuine.payload).args.app))).toBe(false);
  }, 150_000);

  test("malformed and oversized frames are refused; the connection stays usable", async () => {
    panel.services.agents.testing.inject(serverId, "{not json");
    await refusal(null, "malformed");
    panel.services.agents.testing.inject(serverId, JSON.stringify({ v: PROTOCOL_VERSION, type: "command", payload: "x".repeat(MAX_FRAME_BYTES), sig: "AA" }));
    await refusal(null, "oversized");
    const target = await panel.services.servers.target(serverId);
    expect((await target.call("server.load", {})).cpuPercent).toBeGreaterThanOrEqual(0);
  }, 90_000);
});

describe("lifecycle", () => {
  test("the agent reconnects after a panel restart", async () => {
    const port = Number(new URL(panel.url).port);
    const before = (await panel.auditActions("agents.connect")).length;
    // Stop listening (dropping the agent), then listen again on the same port, like a restarted panel.
    panel.services.agents.close();
    panel.server.stop(true);
    await until(async () => expect(await panel.status(serverId)).toBe("offline"), 30_000, "offline");
    await Bun.sleep(1000);
    panel.server = Bun.serve({ port, hostname: "127.0.0.1", fetch: panel.app.fetch, websocket });
    await until(async () => expect(await panel.status(serverId)).toBe("online"), 75_000, "back online");
    expect((await panel.auditActions("agents.connect")).length).toBeGreaterThan(before);
    expect(agent.proc.exitCode).toBeNull();
  }, 90_000);

  test("revoking drops the agent at once and its key is refused from then on", async () => {
    const r = await panel.admin.request("DELETE", `/servers/${serverId}`);
    expect(r).toMatchObject({ status: 200, body: { server: { status: "revoked" } } });
    expect(await panel.status(serverId)).toBe("revoked");
    await expect(panel.services.servers.target(serverId)).rejects.toMatchObject({ code: "server_offline" });
    expect(await agent.exited).toBe(3); // told it was revoked: stops instead of retrying forever

    const again = startAgent([], agent.dataDir); // same identity, no token
    expect(await again.exited).toBe(3);
    expect(again.output()).toContain("revoked");
    const refused = (await panel.auditActions("agents.auth")).find((e) => e.details.code === "revoked");
    expect(refused).toMatchObject({ result: "failure", target: `server:${serverId}` });
    expect(await panel.status(serverId)).toBe("revoked");
  }, 90_000);
});
