// A real agent process behind a TCP proxy the test controls: the link goes silent (frozen, like
// a DROP rule) or is reset in the middle of a call that takes seconds. The caller still gets
// its answer once the agent is back, and the container was restarted exactly once; a stream open
// across the cut ends with "connection_lost"; the work went on while the link was down.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTcpProxy, type TcpProxy } from "../../test/harness/tcp-proxy.ts";
import { dockerReady } from "../docker/testing.ts";
import { count, nextCommand, restartCounter } from "./cut-fixture.ts";
import { removeDir, startAgent, startTestPanel, until, type AgentProcess, type TestPanel } from "./testing.ts";

const ready = await dockerReady();

let panel: TestPanel;
let proxy: TcpProxy;
let agent: AgentProcess;
let serverId: string;
let counter: Awaited<ReturnType<typeof restartCounter>>;

const online = (ms = 90_000) =>
  until(async () => expect(await panel.status(serverId)).toBe("online"), ms, `agent online; it said:\n${agent?.output().slice(-3000)}`);
const offline = () => until(async () => expect(await panel.status(serverId)).toBe("offline"), 45_000, "the panel to notice the silence");
const gaveUp = (before: number) =>
  until(async () => expect(count(agent.output(), "giving up on the connection")).toBeGreaterThan(before), 45_000, "the agent to notice the silence");
const target = () => panel.services.servers.target(serverId);

beforeAll(async () => {
  if (!ready) return;
  panel = await startTestPanel();
  proxy = startTcpProxy({ hostname: "127.0.0.1", port: panel.server.port! });
  const added = await panel.addServer();
  serverId = added.server.id;
  agent = startAgent([`--token=${added.token}`, "--panel", `http://127.0.0.1:${proxy.port}`]);
  counter = await restartCounter("agent-cut");
  await online(180_000);
}, 240_000);
afterAll(async () => {
  await agent?.stop();
  proxy?.stop();
  await panel?.stop();
  await counter?.cleanup();
  if (agent) removeDir(agent.dataDir);
});

describe.skipIf(!ready)("agent across network cuts (TCP proxy)", () => {
  test("a call in flight when the link goes silent is answered after the reconnect and ran once", async () => {
    const before = counter.starts();
    const abandoned = count(agent.output(), "giving up on the connection");
    const sent = nextCommand(panel, "containers.action");
    const call = counter.restart(await target());
    const frame = await sent;
    const down = proxy.bytesDown;
    // Frozen once the command has passed through to the agent.
    await until(async () => expect(proxy.bytesDown).toBeGreaterThanOrEqual(down + frame.length), 10_000, "the command to reach the agent");
    proxy.freeze();
    let settled = false;
    void call.finally(() => (settled = true)).catch(() => undefined);

    await offline();
    await gaveUp(abandoned);
    // The restart finishes on the agent while neither side can reach the other.
    await until(async () => expect(counter.starts()).toBe(before + 1), 60_000, "the restart to finish while cut off");
    expect(settled).toBe(false); // the caller is still waiting, not failed

    proxy.thaw();
    const answer = await call;
    expect(answer.name).toBe(counter.container);
    expect(answer.state).toBe("running");
    await online();
    await counter.expectStarts(before + 1);
    // Answered from the agent's store (its log reaches us through a pipe, a moment later).
    await until(async () => expect(agent.output()).toContain("repeated command id"), 10_000, "the agent's log of the repeated id");
  }, 180_000);

  test("a call sent into a link already dead runs once, after the reconnect", async () => {
    const before = counter.starts();
    const abandoned = count(agent.output(), "giving up on the connection");
    proxy.freeze();
    // The panel has not noticed yet: the command goes into the silent link and is held there.
    const call = counter.restart(await target());
    await offline();
    await gaveUp(abandoned);
    expect(counter.starts()).toBe(before); // it never reached the agent

    proxy.thaw();
    const answer = await call;
    expect(answer.state).toBe("running");
    await online();
    await counter.expectStarts(before + 1);
  }, 180_000);

  test("a reset in the middle of a call: answered on the next connection, ran once", async () => {
    const before = counter.starts();
    const sent = nextCommand(panel, "containers.action");
    const call = counter.restart(await target());
    const frame = await sent;
    const down = proxy.bytesDown;
    await until(async () => expect(proxy.bytesDown).toBeGreaterThanOrEqual(down + frame.length), 10_000, "the command to reach the agent");
    proxy.cut();
    const answer = await call;
    expect(answer.state).toBe("running");
    await online();
    await counter.expectStarts(before + 1);
  }, 180_000);

  test("a stream open across a cut ends with connection_lost; new calls fail at once while offline", async () => {
    await online();
    const t = await target();
    const stream = t.stream("containers.logs.follow", { id: counter.container, tail: 1 })[Symbol.asyncIterator]();
    await stream.next(); // the last line: the stream is up
    const rest = (async () => {
      for (;;) if ((await stream.next()).done) return;
    })();
    proxy.freeze();
    await expect(rest).rejects.toMatchObject({ code: "connection_lost" });
    // While the server is offline, a new call fails at once instead of hanging.
    await offline();
    await expect(target()).rejects.toMatchObject({ code: "server_offline" });
    await expect(t.call("server.load", {})).rejects.toMatchObject({ code: "agent_disconnected" });
    proxy.thaw();
    await online();
    expect((await (await target()).call("server.load", {})).cpuPercent).toBeGreaterThanOrEqual(0);
  }, 180_000);
});
