// Metrics end to end on the real Docker engine: a container that burns CPU shows up in its
// app's series, new samples arrive over the live WebSocket, the range is validated, and
// /metrics speaks Prometheus text to token holders only.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { websocket } from "hono/bun";
import { dockerFixtures, dockerReady, eventually } from "../docker/testing.ts";
import { createTestApp, insertApp, type TestClient } from "./testing.ts";

const ready = await dockerReady();

describe.skipIf(!ready)("metrics API (real Docker)", () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestClient;
  let appId: number;
  let appName: string;
  const fx = dockerFixtures("metrics");

  beforeAll(async () => {
    t = await createTestApp("bun-sqlite", "metrics:\n  intervalSeconds: 1\n");
    owner = await t.owner();
    appName = fx.name("app");
    appId = await insertApp(t, appName, 0);
    // The compose project label is what ties a container to its app, as `compose up` sets it.
    await fx.run("burn", ["--label", `com.docker.compose.project=${appName}`, "--label", "com.docker.compose.service=burn"], ["sh", "-c", "while :; do :; done"]);
    t.services.metrics.start();
  }, 60_000);
  afterAll(async () => {
    await t.services.metrics.stop();
    await fx.cleanup();
    await t.close();
  }, 60_000);

  test("a CPU-burning container shows cpu_percent > 50 and memory > 0 in its app's series", async () => {
    const view = await eventually(async () => {
      const r = await owner.request("GET", `/apps/${appId}/metrics?range=1h`);
      expect(r.status).toBe(200);
      const cpu = r.body.series.cpu_percent as { t: number; v: number }[];
      // One busy loop is one core: 100 % on an idle machine (`docker stats` reads the same).
      expect(Math.max(0, ...cpu.map((p) => p.v))).toBeGreaterThan(50);
      return r.body;
    }, 110_000);
    expect(view.range).toBe("1h");
    expect(view.step).toBe(1);
    expect(view.series.memory_bytes.length).toBeGreaterThan(0);
    expect(view.series.memory_bytes.every((p: { v: number }) => p.v > 0)).toBe(true);
    expect(view.current.cpu_percent).toBeGreaterThan(0);
    expect(view.average.cpu_percent).toBeGreaterThan(0);
    // The container on its own, by name.
    const one = await owner.request("GET", `/servers/local/containers/${fx.name("burn")}/metrics?range=1h`);
    expect(one.status).toBe(200);
    expect(Math.max(0, ...one.body.series.cpu_percent.map((p: { v: number }) => p.v))).toBeGreaterThan(50);
  }, 120_000);

  test("the server's own series: CPU, memory, disk and load", async () => {
    const r = await eventually(async () => {
      const r = await owner.request("GET", "/servers/local/metrics?range=6h");
      expect(r.body.series.memory_bytes.length).toBeGreaterThan(0);
      return r;
    }, 30_000);
    expect(r.body.current.memory_percent).toBeGreaterThan(0);
    expect(r.body.current.disk_percent).toBeGreaterThan(0);
    expect(Object.keys(r.body.series)).toEqual(["cpu_percent", "memory_bytes", "memory_percent", "disk_percent", "network_rx_bps", "network_tx_bps", "load1"]);
  }, 60_000);

  test("absurd ranges and unknown scopes are refused clearly", async () => {
    const bad = await owner.request("GET", `/apps/${appId}/metrics?range=100y`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("bad_range");
    expect(bad.body.error.message).toContain("1h, 6h, 24h, 7d");
    expect((await owner.request("GET", "/apps/999999/metrics?range=1h")).status).toBe(404);
    expect((await owner.request("GET", "/servers/nope/metrics?range=1h")).status).toBe(404);
    expect((await t.client().request("GET", `/apps/${appId}/metrics`)).status).toBe(401);
  });

  test("/metrics: Prometheus text for a token, 401 without one", async () => {
    expect((await t.app.request("/metrics")).status).toBe(401);
    // A session cookie is not enough: scrapers send tokens.
    expect((await t.app.request("/metrics", { headers: { cookie: owner.cookie! } })).status).toBe(401);
    expect((await t.app.request("/metrics", { headers: { authorization: "Bearer sk_wrong" } })).status).toBe(401);

    const token = (await owner.request("POST", "/tokens", { name: "prometheus", scope: "read" })).body.token as string;
    const text = await eventually(async () => {
      const res = await t.app.request("/metrics", { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
      const body = await res.text();
      expect(body).toContain(`serverkit_container_cpu_percent{server="local",container="${fx.name("burn")}"`);
      return body;
    }, 30_000);
    expect(text).toContain("# HELP serverkit_server_cpu_percent ");
    expect(text).toContain("# TYPE serverkit_server_cpu_percent gauge");
    expect(text).toMatch(/^serverkit_server_memory_bytes\{server="local"\} \d+(\.\d+)?$/m);
    expect(text).toMatch(new RegExp(`^serverkit_app_cpu_percent\\{server="local",app_id="${appId}",app="${appName}"\\} [0-9.]+$`, "m"));
    // Every line is a comment or `name{labels} value`, as the exposition format requires.
    for (const line of text.trimEnd().split("\n")) {
      expect(line).toMatch(/^(# (HELP|TYPE) [a-z_0-9]+ .+|[a-z_0-9]+\{([a-z_]+="(?:[^"\\\n]|\\.)*",?)*\} -?[0-9.e+]+)$/);
    }
  }, 60_000);

  test("live: each round's samples arrive on metrics:<kind>:<id> topics", async () => {
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: t.app.fetch, websocket });
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/v1/ws`, { headers: { cookie: owner.cookie! } } as never);
    const messages: { topic?: string; type: string; data: any }[] = [];
    ws.addEventListener("message", (e) => messages.push(JSON.parse(String(e.data))));
    try {
      await new Promise((resolve, reject) => {
        ws.addEventListener("open", resolve, { once: true });
        ws.addEventListener("error", reject, { once: true });
      });
      for (const topic of ["metrics:server:local", `metrics:app:${appId}`, "metrics:app:x1"]) ws.send(JSON.stringify({ op: "subscribe", topic }));
      await eventually(async () => {
        const app = messages.filter((m) => m.topic === `metrics:app:${appId}` && m.type === "sample");
        expect(app.some((m) => m.data.values.cpu_percent > 0 && m.data.values.memory_bytes > 0)).toBe(true);
        const srv = messages.filter((m) => m.topic === "metrics:server:local" && m.type === "sample");
        expect(srv.some((m) => typeof m.data.at === "number" && m.data.values.memory_percent > 0)).toBe(true);
      }, 60_000);
      expect(messages.find((m) => m.topic === "metrics:app:x1")).toMatchObject({ type: "error", data: { code: "unknown_topic" } });
    } finally {
      ws.close();
      server.stop(true);
    }
  }, 90_000);
});
