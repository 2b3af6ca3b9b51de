// An agent on `--transport poll` (HTTPS long-poll, for egress that blocks WebSocket), a real
// process behind a TCP proxy the test controls: it registers, comes online with its heartbeat,
// answers calls and streams through the same signed commands, and a call in flight when the
// link goes silent is answered after the agent is back, having run once.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTcpProxy, type TcpProxy } from "../../test/harness/tcp-proxy.ts";
import { dockerReady } from "../docker/testing.ts";
import { count, restartCounter } from "./cut-fixture.ts";
import { removeDir, startAgent, startTestPanel, until, type AgentProcess, type TestPanel } from "./testing.ts";

const ready = await dockerReady();

let panel: TestPanel;
let proxy: TcpProxy;
let agent: AgentProcess;
let serverId: string;
let counter: Awaited<ReturnType<typeof restartCounter>>;

const status = (want: string, ms = 60_000) =>
  until(async () => expect(await panel.status(serverId)).toBe(want), ms, `server ${want}; the agent said:\n${agent?.output().slice(-3000)}`);
const target = () => panel.services.servers.target(serverId);

beforeAll(async () => {
  if (!ready) return;
  panel = await startTestPanel();
  proxy = startTcpProxy({ hostname: "127.0.0.1", port: panel.server.port! });
  const added = await panel.addServer();
  serverId = added.server.id;
  agent = startAgent([`--token=${added.token}`, "--panel", `http://127.0.0.1:${proxy.port}`, "--transport", "poll"]);
  counter = await restartCounter("agent-poll");
  await status("online", 180_000);
}, 240_000);
afterAll(async () => {
  await agent?.stop();
  proxy?.stop();
  await panel?.stop();
  await counter?.cleanup();
  if (agent) removeDir(agent.dataDir);
});

describe.skipIf(!ready)("agent over HTTPS long-poll", () => {
  test("comes online with its load; calls and streams work as over WebSocket", async () => {
    await until(async () => {
      const s = (await panel.admin.request("GET", "/servers")).body.items.find((x: { id: string }) => x.id === serverId);
      expect(s.load?.cpuPercent).toBeGreaterThanOrEqual(0);
    }, 120_000, "heartbeat load");
    expect(panel.services.agents.poll.size).toBe(1); // carried by a poll session, not a socket
    const t = await target();
    expect((await t.call("containers.list", { all: true })).some((c) => c.name === counter.container)).toBe(true);
    const lines: string[] = [];
    for await (const line of t.stream("containers.logs.follow", { id: counter.container, tail: 1 })) {
      lines.push(line.text);
      break; // leaving the loop cancels it on the agent
    }
    expect(lines).toEqual(["started"]);
    await expect(t.call("containers.inspect", { id: "sk-no-such-container" })).rejects.toMatchObject({ code: "container_not_found" });
  }, 180_000);

  test("bad input over poll: unknown sessions are 404, a malformed frame is refused, audited and ends the session", async () => {
    const base = `${panel.url}/agent-poll/v1`;
    const gone = await fetch(`${base}/no-such-session/send`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ frames: [] }) });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as any).error.code).toBe("poll_session_gone");
    const bad = await fetch(`${base}/open`, { method: "POST" });
    expect(bad.status).toBe(201);
    const { session } = (await bad.json()) as { session: string };
    expect((await fetch(`${base}/${session}/send`, { method: "POST", body: "not json" })).status).toBe(400);
    expect((await fetch(`${base}/${session}/send`, { method: "POST", body: JSON.stringify({ frames: ["{not json"] }) })).status).toBe(204);
    const recv = (await (await fetch(`${base}/${session}/recv?wait=10`)).json()) as { closed: { code: number } | null };
    expect(recv.closed?.code).toBe(1008);
    expect((await panel.auditActions("agents.frame_refused")).some((e) => e.details.code === "malformed")).toBe(true);
    expect((await fetch(`${base}/${session}/recv?wait=0`)).status).toBe(404);
  }, 60_000);

  test("a call in flight when the link goes silent is answered after the reconnect and ran once", async () => {
    const before = counter.starts();
    const abandoned = count(agent.output(), "giving up on the connection");
    const t0 = Date.now() - 1000;
    const call = counter.restart(await target());
    await until(async () => expect(await counter.restarting(t0)).toBe(true), 30_000, "the restart to begin");
    proxy.freeze();
    await status("offline");
    await until(async () => expect(count(agent.output(), "giving up on the connection")).toBeGreaterThan(abandoned), 45_000, "the agent to notice the silence");
    await until(async () => expect(counter.starts()).toBe(before + 1), 60_000, "the restart to finish while cut off");
    proxy.thaw();
    expect((await call).state).toBe("running");
    await status("online");
    await counter.expectStarts(before + 1);
  }, 180_000);
});
