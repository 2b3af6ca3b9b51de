// Domains: time from "add domain" (POST /domains through the in-process API) until nginx
// serves the app, and a wrk run across 20 reloads (each a real PATCH -> nginx -t -> reload).
// Prints figures; not a test. Targets: add -> serving <= 300 ms; 0 wrk errors.
//
//   bun bench/proxy.ts [--rounds N]
import { schema } from "../src/db/index.ts";
import { createTestApp } from "../src/http/testing.ts";
import { startNginx, upstream } from "../src/proxy/testing.ts";

const args = process.argv.slice(2);
const ROUNDS = Number(args[args.indexOf("--rounds") + 1] || 10) || 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const nginx = await startNginx();
const app = upstream("bench-app");
const t = await createTestApp("bun-sqlite", nginx.configYaml);
try {
  const owner = await t.owner();
  const now = Date.now();
  const [row] = await t.db.db
    .insert(schema.apps)
    .values({ serverId: "local", name: "bench", source: "compose", compose: "services: {}", envEnc: "", status: "running", createdAt: now, updatedAt: now })
    .returning();
  await t.db.db.insert(schema.appPorts).values({ serverId: "local", port: app.port!, appId: row!.id });

  const addMs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const host = `bench${i}.test`;
    const start = performance.now();
    const r = await owner.request("POST", "/domains", { appId: row!.id, hostname: host });
    if (r.status !== 201) throw new Error(`add failed: ${JSON.stringify(r.body)}`);
    for (;;) {
      const res = await fetch(`http://127.0.0.1:${nginx.httpPort}/`, { headers: { Host: host } });
      if ((await res.text()).startsWith("bench-app")) break;
      await Bun.sleep(2);
    }
    addMs.push(performance.now() - start);
  }
  console.log(`add domain -> served: median ${median(addMs).toFixed(1)} ms, max ${Math.max(...addMs).toFixed(1)} ms over ${ROUNDS} domains (target <= 300 ms)`);

  const id = (await owner.request("GET", "/domains")).body.items[0].id as number;
  let round = 0;
  /** Runs a load generator while 20 real changes (PATCH -> nginx -t -> reload) happen. */
  async function underReloads(cmd: string[]): Promise<{ out: string; reloadMs: number[] }> {
    const proc = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe" });
    await Bun.sleep(500);
    const reloadMs: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      const r = await owner.request("PATCH", `/domains/${id}`, { options: { bodySizeMb: 10 + round++ } });
      if (r.status !== 200) throw new Error(`change failed: ${JSON.stringify(r.body)}`);
      reloadMs.push(performance.now() - start);
      await Bun.sleep(300);
    }
    const out = await new Response(proc.stdout).text();
    await proc.exited;
    return { out, reloadMs };
  }
  const url = `http://127.0.0.1:${nginx.httpPort}/`;

  const wrk = Bun.which("wrk");
  if (!wrk) console.log("wrk not installed (apt-get install wrk): wrk runs skipped");
  // Keep-alive: idle connections are closed by retiring workers and wrk does not retry them;
  // `Connection: close` measures whether any accepted request is dropped.
  for (const close of wrk ? [false, true] : []) {
    const extra = close ? ["-H", "Connection: close"] : [];
    const { out, reloadMs } = await underReloads([wrk!, "-t2", "-c32", "-d8s", "-H", "Host: bench0.test", ...extra, url]);
    const socketErrors = out.match(/Socket errors: (.*)/)?.[1] ?? "none";
    const non2xx = Number(out.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0);
    const requests = out.match(/(\d+) requests in/)?.[1];
    const rps = out.match(/Requests\/sec:\s+([\d.]+)/)?.[1];
    console.log(`wrk (${close ? "Connection: close" : "keep-alive"}) across 20 reloads: ${requests} requests (${rps} req/s), socket errors: ${socketErrors}, non-2xx: ${non2xx} (target 0)`);
    console.log(`PATCH -> nginx -t -> reload: median ${median(reloadMs).toFixed(1)} ms, max ${Math.max(...reloadMs).toFixed(1)} ms`);
  }

  // hey (Go's HTTP client) keeps connections alive and, like browsers, resends an idempotent
  // request when a reused connection turns out to be closed: what a visitor would see.
  const hey = Bun.which("hey");
  if (!hey) console.log("hey not installed (apt-get install hey): browser-like run skipped");
  else {
    const { out } = await underReloads([hey, "-z", "8s", "-c", "32", "-host", "bench0.test", url]);
    const total = out.match(/\[200\]\s+(\d+) responses/)?.[1] ?? "0";
    const errors = out.includes("Error distribution:") ? out.slice(out.indexOf("Error distribution:")).trim().replace(/\s+/g, " ") : "none";
    const rps = out.match(/Requests\/sec:\s+([\d.]+)/)?.[1];
    console.log(`hey (keep-alive, retries like a browser) across 20 reloads: ${total} x 200 (${rps} req/s), errors: ${errors} (target 0)`);
  }
} finally {
  await nginx.stop().catch(() => undefined);
  app.stop(true);
  await t.close();
}
