// Frame demultiplexing on bytes recorded from the real engine, cut at every possible place.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { LogLine } from "../../protocol/index.ts";
import { DOCKER_SOCKET, dockerFixtures, dockerReady, eventually } from "../testing.ts";
import { FrameDecoder, LineSplitter, logLines, MAX_LINE, MAX_PENDING, toLine } from "./log-frames.ts";

const ready = await dockerReady();

function frame(stream: 1 | 2, text: string): Uint8Array {
  const payload = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + payload.length);
  out[0] = stream;
  new DataView(out.buffer).setUint32(4, payload.length);
  out.set(payload, 8);
  return out;
}

/** Feeds `bytes` to logLines in the given chunk sizes. */
async function decode(bytes: Uint8Array, cuts: number[], tty = false, timestamps = false): Promise<LogLine[]> {
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (const size of cuts) {
    if (at >= bytes.length) break;
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  if (at < bytes.length) chunks.push(bytes.subarray(at));
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const ch of chunks) c.enqueue(ch);
      c.close();
    },
  });
  const out: LogLine[] = [];
  for await (const l of logLines(body, tty, timestamps)) out.push(l);
  return out;
}

describe.skipIf(!ready)("frames recorded from the engine", () => {
  const fx = dockerFixtures("frames");
  let raw: Uint8Array;
  const long = "x".repeat(20_000);

  beforeAll(async () => {
    // stdout and stderr interleaved, multi-byte UTF-8, and a line Docker must split (> 16 KiB).
    const script = `echo "plain out"; echo "grüße ✓ err" >&2; printf '%s\\n' "${long}"; echo last`;
    const id = await fx.run("rec", [], ["sh", "-c", script]);
    raw = await eventually(async () => {
      const res = await fetch(`http://docker/containers/${id}/logs?stdout=1&stderr=1&timestamps=1`, { unix: DOCKER_SOCKET } as RequestInit);
      const bytes = new Uint8Array(await res.arrayBuffer());
      // stdout and stderr are copied into the log by separate readers: "last" can be there
      // before the stderr line that was written earlier.
      const text = new TextDecoder().decode(bytes);
      if (!text.includes("last") || !text.includes("err")) throw new Error("not yet");
      return bytes;
    });
  }, 30_000);
  afterAll(() => fx.cleanup());

  test("whole body: streams apart, timestamps split off, the long line in pieces", async () => {
    const lines = await decode(raw, [], false, true);
    expect(lines.find((l) => l.stream === "stderr")).toMatchObject({ text: "grüße ✓ err" });
    expect(lines.filter((l) => l.stream === "stdout" && !/^x+$/.test(l.text)).map((l) => l.text)).toEqual(["plain out", "last"]);
    expect(lines.every((l) => /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(l.ts!))).toBe(true);
    // Docker cut the 20 000 x's into 16 KiB messages; together they are the line again.
    expect(lines.filter((l) => /^x+$/.test(l.text)).reduce((n, l) => n + l.text.length, 0)).toBe(long.length);
    // Not asked to read timestamps: they stay in the text.
    const plain = await decode(raw, []);
    expect(plain.every((l) => l.ts === null && /^\d{4}-/.test(l.text))).toBe(true);
  });

  test("the same lines whatever the chunking (every cut point, and byte by byte)", async () => {
    const whole = await decode(raw, [], false, true);
    for (let cut = 1; cut < 40; cut++) expect(await decode(raw, [cut], false, true)).toEqual(whole);
    for (const size of [3, 7, 8, 9, 4096]) expect(await decode(raw, Array(raw.length).fill(size), false, true)).toEqual(whole);
    expect(await decode(raw, Array(raw.length).fill(1), false, true)).toEqual(whole);
  });
});

describe("frames and lines", () => {
  test("a header cut mid-way waits for the rest", () => {
    const d = new FrameDecoder();
    const f = frame(2, "boom\n");
    expect(d.push(f.subarray(0, 5))).toEqual([]);
    expect(d.push(f.subarray(5))).toEqual([{ stream: "stderr", payload: new TextEncoder().encode("boom\n") }]);
  });

  test("bytes that are not frames are refused, not misread", () => {
    expect(() => new FrameDecoder().push(new TextEncoder().encode("hello world, no header"))).toThrow(/multiplexed/);
  });

  test("TTY output is one plain stream split on newlines, CRs dropped", async () => {
    const bytes = new TextEncoder().encode("one\r\ntwo\nthree");
    expect((await decode(bytes, [2, 2, 2], true)).map((l) => [l.stream, l.text])).toEqual([
      ["stdout", "one"],
      ["stdout", "two"],
      ["stdout", "three"],
    ]);
  });

  test("a multi-byte character split between chunks survives", () => {
    const s = new LineSplitter();
    const bytes = new TextEncoder().encode("✓\n");
    expect([...s.push(bytes.subarray(0, 1)), ...s.push(bytes.subarray(1))]).toEqual(["✓"]);
  });

  test("a line without end cannot grow the buffer without bound", () => {
    const s = new LineSplitter();
    const out = s.push(new TextEncoder().encode("y".repeat(MAX_PENDING * 2 + 5)));
    expect(out.map((l) => l.length)).toEqual([MAX_PENDING, MAX_PENDING]);
    expect(s.flush()).toEqual(["yyyyy"]);
    expect(toLine("stdout", "z".repeat(MAX_LINE + 10), false).text).toHaveLength(MAX_LINE);
  });

  test("timestamps: split off when asked, left alone otherwise", () => {
    expect(toLine("stdout", "2024-05-01T10:00:00.123456789Z hello", true)).toEqual({ stream: "stdout", ts: "2024-05-01T10:00:00.123456789Z", text: "hello" });
    expect(toLine("stdout", "no stamp here", true)).toEqual({ stream: "stdout", ts: null, text: "no stamp here" });
    expect(toLine("stderr", "2024-05-01T10:00:00Z x", false).text).toBe("2024-05-01T10:00:00Z x");
  });
});
