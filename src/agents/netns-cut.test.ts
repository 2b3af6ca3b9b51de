// The agent process in its own network namespace, the panel listening on the host's end of a
// veth pair; iptables DROP rules cut the link for real in the middle of a call that takes
// seconds (a container restart). Both sides notice the silence, the restart finishes on the
// agent while it is cut off, and once the link is back the caller gets its answer: the
// container was restarted exactly once.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createNetns, netnsUnavailable, type Netns } from "../../test/harness/netns.ts";
import { dockerReady } from "../docker/testing.ts";
import { count, restartCounter } from "./cut-fixture.ts";
import { removeDir, startAgent, startTestPanel, until, type AgentProcess, type TestPanel } from "./testing.ts";

const ready = await dockerReady();
const whyNot = await netnsUnavailable();
if (whyNot) process.stderr.write(`skipping the network namespace tests: ${whyNot}\n`);

let ns: Netns;
let panel: TestPanel;
let agent: AgentProcess;
let serverId: string;
let counter: Awaited<ReturnType<typeof restartCounter>>;

const status = (want: string, ms: number) =>
  until(async () => expect(await panel.status(serverId)).toBe(want), ms, `server ${want}; the agent said:\n${agent?.output().slice(-3000)}`);

beforeAll(async () => {
  if (!ready || whyNot) return;
  ns = await createNetns();
  panel = await startTestPanel({ hostname: ns.hostAddress });
  const added = await panel.addServer();
  serverId = added.server.id;
  agent = startAgent([`--token=${added.token}`, "--panel", panel.url], undefined, ns.exec);
  counter = await restartCounter("agent-netns");
  await status("online", 180_000);
}, 240_000);
afterAll(async () => {
  await agent?.stop();
  await panel?.stop();
  await counter?.cleanup();
  await ns?.remove();
  if (agent) removeDir(agent.dataDir);
});

describe.skipIf(!ready || whyNot !== null)("agent in its own network namespace", () => {
  test("cut mid-command with iptables DROP: the caller gets the answer after the link is back, and it ran exactly once", async () => {
    const before = counter.starts();
    const abandoned = count(agent.output(), "giving up on the connection");
    const t0 = Date.now() - 1000;
    const call = counter.restart(await panel.services.servers.target(serverId));
    // Cut once the agent is running it: Docker has sent the SIGTERM and waits out the grace period.
    await until(async () => expect(await counter.restarting(t0)).toBe(true), 30_000, "the restart to begin");
    await ns.cut();
    let settled = false;
    void call.finally(() => (settled = true)).catch(() => undefined);

    await status("offline", 45_000);
    await until(async () => expect(count(agent.output(), "giving up on the connection")).toBeGreaterThan(abandoned), 45_000, "the agent to notice the silence");
    await until(async () => expect(counter.starts()).toBe(before + 1), 60_000, "the restart to finish while cut off");
    expect(settled).toBe(false);

    await ns.restore();
    const answer = await call;
    expect(answer.name).toBe(counter.container);
    expect(answer.state).toBe("running");
    await status("online", 60_000);
    await counter.expectStarts(before + 1);
    // Answered from the agent's store (its log reaches us through a pipe, a moment later).
    await until(async () => expect(agent.output()).toContain("repeated command id"), 10_000, "the agent's log of the repeated id");
  }, 240_000);
});
