// A resumable stream (a deploy's compose run) across reconnects, with the panel's real link on
// one side and the agent's real command gate and stream store on the other: the work goes on
// while the connection is down, the caller's stream stays open, and after the reconnect it gets
// every message once, in order, then the end. Also: a bounded buffer shows its gap, an agent
// that lost the run says so instead of running it again, a stream that is not resumable ends.
import { describe, expect, test } from "bun:test";
import { createTarget } from "../docker/index.ts";
import {
  checkCommand,
  generateSigningKey,
  importPrivateKey,
  importPublicKey,
  PROTOCOL_VERSION,
  ReplayCache,
  type CommandPayload,
  type StreamMessage,
} from "../protocol/index.ts";
import { StreamStore, type StreamCommand, type StreamSink } from "../cli/agent-streams.ts";
import { AgentLink } from "./link.ts";

const keys = await generateSigningKey();
const panelKey = await importPrivateKey(keys.privateKey);
const agentView = await importPublicKey(keys.publicKey);

/** A compose run the test drives: each `emit` is one output line; `finish` ends it. */
function controllableRun() {
  let runs = 0;
  const queue: (StreamMessage | null)[] = [];
  let wake: (() => void) | undefined;
  let id = "";
  const put = (m: StreamMessage | null) => {
    queue.push(m);
    wake?.();
  };
  const runner = async function* (cmd: StreamCommand, signal: AbortSignal): AsyncIterable<StreamMessage> {
    runs++;
    id = cmd.id;
    for (;;) {
      while (queue.length === 0 && !signal.aborted) await new Promise<void>((r) => (wake = r));
      if (signal.aborted) return void (yield { v: PROTOCOL_VERSION, id, type: "end" });
      const m = queue.shift()!;
      if (m === null) return;
      yield m;
    }
  };
  return {
    runner,
    runs: () => runs,
    emit: (line: string) => put({ v: PROTOCOL_VERSION, id, type: "chunk", data: { stream: "stdout", line } }),
    finish: (error?: { code: string; message: string }) => {
      put({ v: PROTOCOL_VERSION, id, type: "end", ...(error && { error }) });
      put(null);
    },
  };
}

/** The agent: one store for all connections, a gate per connection, like runLink. */
function agent(store: StreamStore) {
  const replay = new ReplayCache();
  return {
    connect(link: AgentLink) {
      let up = true;
      const commands: CommandPayload[] = [];
      const sink: StreamSink = {
        get open() {
          return up;
        },
        backlog: 0,
        send: (message, seq) => up && link.deliver({ message, seq }),
      };
      let queue = Promise.resolve();
      const generation = link.attach((text) => {
        const frame = JSON.parse(text);
        queue = queue.then(async () => {
          const checked = await checkCommand(frame.payload, frame.sig, { panelKey: agentView, serverId: "srv-a", now: Date.now(), replay });
          if (!checked.ok) throw new Error(`refused: ${checked.code}`);
          commands.push(checked.command);
          if (checked.command.kind === "stream") store.open(checked.command, sink);
          if (checked.command.kind === "cancel") store.cancel(checked.command.id);
        });
      });
      return {
        commands,
        settled: () => queue,
        drop() {
          up = false;
          store.detach(sink);
          link.detach(generation);
        },
      };
    },
  };
}

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await Bun.sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
};

async function collect(stream: AsyncIterable<unknown>, into: unknown[]) {
  for await (const chunk of stream) into.push(chunk);
}

describe("resumable streams across reconnects", () => {
  test("a compose run goes on while the link is down; the caller gets every line once, then the end", async () => {
    const run = controllableRun();
    const store = new StreamStore(run.runner);
    const link = new AgentLink("srv-a", panelKey);
    const a = agent(store);
    const first = a.connect(link);
    const lines: unknown[] = [];
    const done = collect(createTarget("srv-a", link).stream("compose.run", { app: "web", action: "up" }), lines);

    await until(() => run.runs() === 1, "the run to start");
    run.emit("one");
    run.emit("two");
    await until(() => lines.length === 2, "the first lines");
    first.drop();
    run.emit("three"); // while nobody listens
    run.emit("four");
    await Bun.sleep(30);
    expect(lines).toHaveLength(2); // still open, not ended

    const second = a.connect(link);
    await until(() => lines.length === 4, "the missed lines");
    await second.settled();
    expect(second.commands).toMatchObject([{ kind: "stream", from: 2 }]);
    run.emit("five"); // live again
    run.finish();
    await done;
    expect(lines.map((l) => (l as { line: string }).line)).toEqual(["one", "two", "three", "four", "five"]);
    expect(run.runs()).toBe(1);
  });

  test("the exit status survives the cut: a run that failed while the link was down fails for the caller", async () => {
    const run = controllableRun();
    const store = new StreamStore(run.runner);
    const link = new AgentLink("srv-a", panelKey);
    const a = agent(store);
    const first = a.connect(link);
    const lines: unknown[] = [];
    const done = collect(createTarget("srv-a", link).stream("compose.run", { app: "web", action: "up" }), lines);
    await until(() => run.runs() === 1, "the run to start");
    first.drop();
    run.emit("pulling");
    run.finish({ code: "compose_failed", message: "compose exited with code 3" });
    await Bun.sleep(20);
    a.connect(link);
    await expect(done).rejects.toMatchObject({ code: "compose_failed", message: "compose exited with code 3" });
    expect(lines).toEqual([{ stream: "stdout", line: "pulling" }]);
  });

  test("a bounded buffer: the caller is told how many lines were dropped, and still gets the end", async () => {
    const run = controllableRun();
    const store = new StreamStore(run.runner, { maxBytes: 400 });
    const link = new AgentLink("srv-a", panelKey);
    const a = agent(store);
    const first = a.connect(link);
    const lines: { line: string }[] = [];
    const done = collect(createTarget("srv-a", link).stream("compose.run", { app: "web", action: "up" }), lines);
    await until(() => run.runs() === 1, "the run to start");
    first.drop();
    for (let i = 0; i < 20; i++) run.emit(`line ${i}`);
    run.finish();
    await Bun.sleep(20);
    a.connect(link);
    await done;
    expect(lines[0]!.line).toMatch(/^\[serverkit\] \d+ lines of output were dropped while the panel was disconnected$/);
    const dropped = Number(lines[0]!.line.match(/(\d+) lines/)![1]);
    expect(dropped).toBeGreaterThan(0);
    expect(lines.slice(1).map((l) => l.line)).toEqual(Array.from({ length: 20 - dropped }, (_, i) => `line ${i + dropped}`));
  });

  test("an agent that no longer has the run (restarted) says so; it is not run again", async () => {
    const run = controllableRun();
    const link = new AgentLink("srv-a", panelKey);
    const first = agent(new StreamStore(run.runner)).connect(link);
    const lines: unknown[] = [];
    const done = collect(createTarget("srv-a", link).stream("compose.run", { app: "web", action: "up" }), lines);
    await until(() => run.runs() === 1, "the run to start");
    run.emit("one");
    await until(() => lines.length === 1, "the first line");
    first.drop();
    agent(new StreamStore(run.runner)).connect(link); // a fresh store: the agent process restarted
    await expect(done).rejects.toMatchObject({ code: "stream_lost" });
    expect(run.runs()).toBe(1);
  });

  test("a reader that leaves while the agent is away cancels the run once it is back", async () => {
    const run = controllableRun();
    const store = new StreamStore(run.runner);
    const link = new AgentLink("srv-a", panelKey);
    const a = agent(store);
    const first = a.connect(link);
    const abort = new AbortController();
    const done = collect(createTarget("srv-a", link).stream("compose.run", { app: "web", action: "up" }, abort.signal), []);
    await until(() => run.runs() === 1, "the run to start");
    first.drop();
    abort.abort();
    await done.catch(() => undefined);
    expect(store.running).toBe(1);
    const second = a.connect(link);
    await until(() => second.commands.some((c) => c.kind === "cancel"), "the cancel");
    await second.settled();
    await until(() => store.running === 0, "the run to stop");
  });

  test("a stream that is not resumable (log follow) still ends with connection_lost", async () => {
    const link = new AgentLink("srv-a", panelKey);
    const first = agent(new StreamStore(controllableRun().runner)).connect(link);
    const done = collect(createTarget("srv-a", link).stream("containers.logs.follow", { id: "abc" }), []);
    await Bun.sleep(20);
    first.drop();
    await expect(done).rejects.toMatchObject({ code: "connection_lost" });
  });

  test("a resumable stream whose agent never comes back ends after the resume window", async () => {
    const link = new AgentLink("srv-a", panelKey, { resumeMs: 100 });
    const first = agent(new StreamStore(controllableRun().runner)).connect(link);
    const done = collect(createTarget("srv-a", link).stream("compose.run", { app: "web", action: "up" }), []);
    await Bun.sleep(20);
    first.drop();
    await expect(done).rejects.toMatchObject({ code: "connection_lost" });
  });
});
