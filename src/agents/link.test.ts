// The panel's end of an agent, across connections: what a caller sees when the connection drops
// mid-call (it waits, the command goes out again under the same id and is answered once), when
// the agent never answers (a clear timeout), and what streams and new calls do meanwhile. The
// "agent" here is the real command gate (signature, replay, expiry) reading the frames sent.
import { describe, expect, test } from "bun:test";
import { createTarget } from "../docker/index.ts";
import { checkCommand, generateSigningKey, importPrivateKey, importPublicKey, PROTOCOL_VERSION, ReplayCache, type CommandPayload } from "../protocol/index.ts";
import { AgentLink } from "./link.ts";

const keys = await generateSigningKey();
const panelKey = await importPrivateKey(keys.privateKey);
const agentView = await importPublicKey(keys.publicKey);

/** One connection's worth of frames, each passed through the agent's gate. */
function connection() {
  const replay = new ReplayCache();
  const commands: CommandPayload[] = [];
  const refused: string[] = [];
  let queue = Promise.resolve();
  const send = (text: string) => {
    const frame = JSON.parse(text);
    queue = queue.then(async () => {
      const checked = await checkCommand(frame.payload, frame.sig, { panelKey: agentView, serverId: "srv-a", now: Date.now(), replay });
      if (checked.ok) commands.push(checked.command);
      else refused.push(checked.code);
    });
  };
  const seen = async () => (await queue, commands);
  return { send, seen, refused };
}

const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await check()); i++) await Bun.sleep(10);
};

describe("agent link across reconnects", () => {
  test("a call in flight when the connection drops is sent again on the next one, same id, and answered once", async () => {
    const link = new AgentLink("srv-a", panelKey);
    const first = connection();
    const gen = link.attach(first.send);
    const target = createTarget("srv-a", link);
    const call = target.call("server.load", {});
    await until(async () => (await first.seen()).length === 1);
    const [sent] = await first.seen();

    link.detach(gen);
    let settled = false;
    void call.finally(() => (settled = true)).catch(() => undefined);
    await Bun.sleep(50);
    expect(settled).toBe(false);

    const second = connection();
    link.attach(second.send);
    await until(async () => (await second.seen()).length === 1);
    const [again] = await second.seen();
    expect(again!.id).toBe(sent!.id);
    expect(again!.nonce).not.toBe(sent!.nonce);
    expect(second.refused).toEqual([]);

    const load = { at: new Date().toISOString(), cpuPercent: 1, memory: { usedBytes: 1, totalBytes: 2 }, disk: { usedBytes: 1, totalBytes: 2 }, network: { rxBytesPerSec: 0, txBytesPerSec: 0 }, load: [0, 0, 0] };
    link.deliver({ response: { v: PROTOCOL_VERSION, id: sent!.id, ok: true, result: load } });
    link.deliver({ response: { v: PROTOCOL_VERSION, id: sent!.id, ok: true, result: load } }); // a late duplicate is dropped
    expect(await call).toMatchObject({ cpuPercent: 1 });
    expect(link.pendingCalls).toBe(0);
  });

  test("a call nobody answers fails with agent_timeout, connected or not", async () => {
    const link = new AgentLink("srv-a", panelKey, { timeoutMs: () => 150 });
    const gen = link.attach(connection().send);
    const target = createTarget("srv-a", link);
    const call = target.call("server.facts", {});
    link.detach(gen);
    await expect(call).rejects.toMatchObject({ code: "agent_timeout" });
    expect(link.pendingCalls).toBe(0);
  });

  test("streams end with connection_lost when the connection drops; new calls fail at once until it is back", async () => {
    const link = new AgentLink("srv-a", panelKey);
    const gen = link.attach(connection().send);
    const target = createTarget("srv-a", link);
    const stream = (async () => {
      for await (const _ of target.stream("docker.events", {})) void _;
    })();
    await Bun.sleep(20);
    link.detach(gen);
    await expect(stream).rejects.toMatchObject({ code: "connection_lost" });
    await expect(target.call("server.load", {})).rejects.toMatchObject({ code: "agent_disconnected" });
  });

  test("revoked: calls waiting for a reconnect fail now", async () => {
    const link = new AgentLink("srv-a", panelKey);
    const gen = link.attach(connection().send);
    const call = createTarget("srv-a", link).call("server.load", {});
    link.detach(gen);
    link.close("The server was revoked.");
    await expect(call).rejects.toMatchObject({ code: "agent_disconnected", message: "The server was revoked." });
  });
});
