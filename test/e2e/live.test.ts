// The live WebSocket: job progress and log lines arrive as they happen; server load streams.
import { afterAll, describe, expect, test } from "bun:test";
import { API, setupOwner, startPanel, type Panel } from "../harness/panel";

describe("live updates over /api/v1/ws", () => {
  let panel: Panel;
  afterAll(() => panel?.stop());

  test("a job's updates and log lines stream; load samples arrive; cross-site origins refused", async () => {
    panel = await startPanel({ env: { SERVERKIT_TEST_JOBS: "1" } });
    const owner = await setupOwner(panel);
    const wsUrl = panel.url.replace("http", "ws") + `${API}/ws`;

    const foreign = new WebSocket(wsUrl, { headers: { cookie: owner.cookie!, origin: "https://evil.example" } } as any);
    const foreignResult = await new Promise<string>((resolve) => {
      foreign.onopen = () => resolve("open");
      foreign.onerror = () => resolve("refused");
    });
    expect(foreignResult).toBe("refused");

    const ws = new WebSocket(wsUrl, { headers: { cookie: owner.cookie! } } as any);
    const messages: any[] = [];
    ws.onmessage = (e) => messages.push(JSON.parse(String(e.data)));
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = reject;
    });
    ws.send(JSON.stringify({ op: "subscribe", topic: "jobs" }));
    ws.send(JSON.stringify({ op: "subscribe", topic: "server-load:local" }));
    ws.send(JSON.stringify({ op: "subscribe", topic: "secrets" }));
    await Bun.sleep(100);
    const { body } = await owner.json(`${API}/jobs`, { method: "POST", json: { kind: "test.sleep", params: { seconds: 2 } } });
    ws.send(JSON.stringify({ op: "subscribe", topic: `job:${body.job.id}` }));

    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !messages.some((m) => m.topic === "jobs" && m.data.status === "succeeded")) await Bun.sleep(50);
    ws.close();

    const progress = messages.filter((m) => m.topic === "jobs").map((m) => m.data.progress);
    expect(progress.at(-1)).toBe(100);
    expect(new Set(progress).size).toBeGreaterThan(3); // it moved, not just start and end
    expect(messages.some((m) => m.topic === `job:${body.job.id}` && m.type === "log" && m.data.text.startsWith("tick"))).toBe(true);
    const load = messages.find((m) => m.topic === "server-load:local");
    expect(load?.data.memory.totalBytes).toBeGreaterThan(0);
    expect(messages.find((m) => m.type === "error")?.data.code).toBe("unknown_topic");
  });
});
