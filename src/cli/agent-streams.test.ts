// The agent's store of resumable streams, on its own: what it keeps for a panel that is away,
// that memory stays bounded (per run, and once the end went out), and that finished runs are
// forgotten after a while while running ones never are.
import { expect, test } from "bun:test";
import { PROTOCOL_VERSION, type StreamMessage } from "../protocol/index.ts";
import { StreamStore, type StreamCommand, type StreamSink } from "./agent-streams.ts";

const chunk = (id: string, line: string): StreamMessage => ({ v: PROTOCOL_VERSION, id, type: "chunk", data: { stream: "stdout", line } });

/** A run that yields `n` lines then ends, or waits for its abort when `n` is null. */
const runner = (n: number | null) =>
  async function* (cmd: StreamCommand, signal: AbortSignal): AsyncIterable<StreamMessage> {
    if (n === null) await new Promise((r) => signal.addEventListener("abort", r, { once: true }));
    for (let i = 0; i < (n ?? 0); i++) yield chunk(cmd.id, `line ${i}`);
    yield { v: PROTOCOL_VERSION, id: cmd.id, type: "end" };
  };

function sink(open = true) {
  const got: { seq: number; message: StreamMessage }[] = [];
  const s: StreamSink & { got: typeof got; open: boolean } = { open, backlog: 0, got, send: (message, seq) => void got.push({ seq, message }) };
  return s;
}

const cmd = (id: string, from?: number): StreamCommand => ({ id, op: "compose.run", args: {}, ...(from !== undefined && { from }) });

test("output made while no panel listens is kept, numbered, and sent from where the panel asks", async () => {
  const store = new StreamStore(runner(5));
  const away = sink(false);
  store.open(cmd("a"), away);
  await Bun.sleep(10);
  expect(away.got).toEqual([]);
  const back = sink();
  store.open(cmd("a", 2), back);
  expect(back.got.map((g) => g.seq)).toEqual([2, 3, 4, 5]);
  expect(back.got.at(-1)!.message.type).toBe("end");
});

test("per run, the kept output is bounded by bytes: the oldest go, the end stays", async () => {
  const store = new StreamStore(runner(1000), { maxBytes: 2000 });
  store.open(cmd("a"), sink(false));
  await Bun.sleep(20);
  const back = sink();
  store.open(cmd("a", 0), back);
  const bytes = back.got.reduce((n, g) => n + JSON.stringify(g.message).length, 0);
  expect(bytes).toBeLessThanOrEqual(2000);
  expect(back.got[0]!.seq).toBeGreaterThan(0); // a gap the panel will report
  expect(back.got.at(-1)).toMatchObject({ seq: 1000, message: { type: "end" } });
});

test("once the end went out, only the end is kept; finished runs are forgotten after keepMs, running ones never", async () => {
  let now = 0;
  const store = new StreamStore(runner(50), { keepMs: 1000, now: () => now });
  const live = sink();
  store.open(cmd("done"), live);
  await Bun.sleep(10);
  expect(live.got).toHaveLength(51);
  const again = sink();
  store.open(cmd("done", 10), again); // the panel lost the tail: it gets the end, after a gap
  expect(again.got.map((g) => g.seq)).toEqual([50]);

  const forever = new StreamStore(runner(null), { keepMs: 1000, now: () => now });
  forever.open(cmd("long"), sink(false));
  now += 5000;
  store.open(cmd("other"), sink(false)); // any open evicts
  forever.open(cmd("x"), sink(false));
  const late = sink();
  store.open(cmd("done", 51), late);
  expect(late.got).toMatchObject([{ message: { type: "end", error: { code: "stream_lost" } } }]);
  expect(forever.running).toBe(2);
  forever.stopAll();
  await Bun.sleep(10);
  expect(forever.running).toBe(0);
});
