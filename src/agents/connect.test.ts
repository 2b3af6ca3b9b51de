// The agent socket from the panel's side, with a raw WebSocket client playing a (bad) agent:
// malformed and oversized frames, unknown servers, wrong challenge signatures. Each is refused,
// audited and the connection dropped; a correct agent comes online.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { authMessage, generateSigningKey, importPrivateKey, MAX_FRAME_BYTES, PROTOCOL_VERSION, sign } from "../protocol/index.ts";
import { startTestPanel, until, type TestPanel } from "./testing.ts";

let panel: TestPanel;
beforeAll(async () => {
  panel = await startTestPanel();
});
afterAll(() => panel.stop());

/** A raw client: every frame it receives, and how the socket closed. */
async function dial() {
  const ws = new WebSocket(panel.url.replace("http", "ws") + "/api/v1/agents/connect");
  const frames: any[] = [];
  const closed = new Promise<{ code: number; reason: string }>((r) => (ws.onclose = (e) => r({ code: e.code, reason: e.reason })));
  ws.onmessage = (e) => frames.push(JSON.parse(String(e.data)));
  await new Promise((r, j) => ((ws.onopen = r), (ws.onerror = j)));
  const next = (type: string) => until(async () => frames.find((f) => f.type === type) ?? Promise.reject(new Error(`no ${type} yet`)), 10_000, type);
  return { ws, frames, closed, next };
}

async function registered() {
  const added = await panel.addServer();
  const keys = await generateSigningKey();
  const r = await panel.client().request("POST", "/agents/register", { token: added.token, publicKey: keys.publicKey });
  expect(r.status).toBe(201);
  return { id: added.server.id, key: await importPrivateKey(keys.privateKey) };
}

const lastAudit = async (action: string) => (await panel.auditActions(action))[0];

describe("agent socket", () => {
  test("a registered agent that signs the challenge comes online; closing takes it offline", async () => {
    const agent = await registered();
    const c = await dial();
    c.ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: "hello", serverId: agent.id, version: "test" }));
    const challenge = await c.next("challenge");
    c.ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: "auth", sig: await sign(agent.key, authMessage(challenge.nonce, agent.id)) }));
    expect(await c.next("welcome")).toMatchObject({ serverId: agent.id });
    expect(await panel.status(agent.id)).toBe("online");
    expect(await lastAudit("agents.connect")).toMatchObject({ result: "success", target: `server:${agent.id}` });
    c.ws.close();
    await c.closed;
    await until(async () => expect(await panel.status(agent.id)).toBe("offline"), 10_000, "offline");
  });

  test("a wrong challenge signature is refused and audited", async () => {
    const agent = await registered();
    const other = await importPrivateKey((await generateSigningKey()).privateKey);
    const c = await dial();
    c.ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: "hello", serverId: agent.id, version: "test" }));
    const challenge = await c.next("challenge");
    c.ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: "auth", sig: await sign(other, authMessage(challenge.nonce, agent.id)) }));
    expect((await c.closed).code).toBe(4401);
    expect(await panel.status(agent.id)).toBe("offline");
    expect(await lastAudit("agents.auth")).toMatchObject({ result: "failure", target: `server:${agent.id}`, details: { code: "bad_signature" } });
  });

  test("a signature over another nonce (a replayed answer) is refused", async () => {
    const agent = await registered();
    const c = await dial();
    c.ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: "hello", serverId: agent.id, version: "test" }));
    await c.next("challenge");
    c.ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: "auth", sig: await sign(agent.key, authMessage("an-old-nonce", agent.id)) }));
    expect((await c.closed).code).toBe(4401);
  });

  test("an unknown server id is refused for good", async () => {
    const c = await dial();
    c.ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: "hello", serverId: "srv-nobody", version: "test" }));
    expect(await c.next("refused")).toMatchObject({ error: { code: "unknown_server" } });
    expect((await c.closed).code).toBe(4403);
    expect(await lastAudit("agents.auth")).toMatchObject({ result: "failure", target: "server:srv-nobody", details: { code: "unknown_server" } });
  });

  test("malformed frames are refused, audited and the connection dropped", async () => {
    for (const bad of ["not json", JSON.stringify({ v: 99, type: "hello", serverId: "x", version: "1" }), JSON.stringify({ v: PROTOCOL_VERSION, type: "auth", sig: "abc" })]) {
      const c = await dial();
      c.ws.send(bad);
      expect((await c.closed).code).toBe(1008);
    }
    const entries = (await panel.auditActions("agents.frame_refused")).map((e) => e.details.code);
    expect(entries.filter((c) => c === "malformed").length + entries.filter((c) => c === "unexpected_frame").length).toBeGreaterThanOrEqual(3);
  });

  test("an oversized frame is refused before it is parsed", async () => {
    const c = await dial();
    c.ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: "hello", serverId: "x".repeat(MAX_FRAME_BYTES), version: "1" }));
    expect((await c.closed).code).toBe(1009);
    expect(await lastAudit("agents.frame_refused")).toMatchObject({ result: "failure", details: { code: "oversized" } });
  });
});
