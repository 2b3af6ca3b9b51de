// Idle footprint and request latency of the compiled panel. Prints figures; not a test.
//
//   bun bench/idle.ts [--requests N] [--concurrency C] [--json] [--strict]
//
// Measures: binary size; spawn -> first healthy /api/v1/health; VmRSS after
// start and after 2 s idle; then, with an owner and a write API token, N
// authenticated GET /api/v1/servers/local sequentially and with C in flight
// (latency percentiles and RSS after). Targets from issue 3 are checked per
// line. --strict exits 1 when a target is missed; --json also prints a JSON
// summary. SERVERKIT_BIN picks the binary (default dist/serverkit).

import { readFileSync, statSync } from "node:fs";
import { API, createToken, serverkitBin, setupOwner, startPanel, withToken, type Client } from "../test/harness/panel";

const args = process.argv.slice(2);
function flag(name: string): boolean {
  return args.includes(`--${name}`);
}
function option(name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} wants a positive number`);
  return value;
}

const REQUESTS = option("requests", 1000);
const CONCURRENCY = option("concurrency", 10);
const WARMUP = 50;
const MB = 1024 * 1024; // sizes are reported in MiB (2^20 bytes)

const TARGETS = {
  binaryMB: 120,
  startMs: 500,
  idleRssMB: 50,
  p99Ms: 5,
};

function statusKB(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(status);
  if (!match) throw new Error(`no ${field} for pid ${pid}`);
  return Number(match[1]);
}

/** VmRSS in bytes; also remembers the anon/file split for the report. */
function rssBytes(pid: number): number {
  lastSplit = `anon ${(statusKB(pid, "RssAnon") / 1024).toFixed(1)} + file ${(statusKB(pid, "RssFile") / 1024).toFixed(1)} MiB`;
  return statusKB(pid, "VmRSS") * 1024;
}
let lastSplit = "";

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

interface LatencyStats {
  requests: number;
  concurrency: number;
  totalMs: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
}

async function hammer(client: Client, path: string, total: number, concurrency: number): Promise<LatencyStats> {
  const samples: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  async function worker() {
    while (next < total) {
      next++;
      const t0 = performance.now();
      const res = await client.fetch(path);
      await res.arrayBuffer();
      samples.push(performance.now() - t0);
      if (res.status !== 200) errors++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const totalMs = performance.now() - started;
  samples.sort((a, b) => a - b);
  return {
    requests: samples.length,
    concurrency,
    totalMs,
    rps: (samples.length / totalMs) * 1000,
    p50: percentile(samples, 50),
    p90: percentile(samples, 90),
    p99: percentile(samples, 99),
    max: samples[samples.length - 1] ?? NaN,
    errors,
  };
}

const results: { name: string; value: number; unit: string; target?: number; pass?: boolean }[] = [];

function report(name: string, value: number, unit: string, target?: number) {
  const pass = target === undefined ? undefined : value <= target;
  results.push({ name, value, unit, target, pass });
  const shown = unit === "ms" ? value.toFixed(2) : unit === "MiB" ? value.toFixed(1) : String(Math.round(value));
  const verdict = target === undefined ? "" : `  (target <= ${target} ${unit})  ${pass ? "PASS" : "FAIL"}`;
  const split = name.startsWith("RSS") ? `  [${lastSplit}]` : "";
  console.log(`  ${name.padEnd(34)} ${shown.padStart(10)} ${unit.padEnd(5)}${verdict}${split}`);
}

function printLatency(label: string, s: LatencyStats, withTarget: boolean) {
  console.log(
    `\n${label}: ${s.requests} x GET ${API}/servers/local, concurrency ${s.concurrency}, ` +
      `${s.totalMs.toFixed(0)} ms, ${s.rps.toFixed(0)} req/s, ${s.errors} non-200`,
  );
  report(`${label} p50`, s.p50, "ms");
  report(`${label} p90`, s.p90, "ms");
  report(`${label} p99`, s.p99, "ms", withTarget ? TARGETS.p99Ms : undefined);
  report(`${label} max`, s.max, "ms");
}

const bin = serverkitBin();
console.log(`ServerKit idle bench: ${bin}`);
console.log(`  ${new Date().toISOString()}, bun ${Bun.version}, ${navigator.hardwareConcurrency} cores`);

const binaryBytes = statSync(bin).size;
console.log("");
report("binary size", binaryBytes / MB, "MiB", TARGETS.binaryMB);
console.log(`  (${binaryBytes} bytes = ${(binaryBytes / 1e6).toFixed(1)} MB)`);

const panel = await startPanel({ pollMs: 2, logLevel: process.env.SERVERKIT_LOG_LEVEL ?? "info" });
let exitCode = 0;
try {
  const version = await panel.fetch(`${API}/health`).then((r) => r.json()).catch(() => ({}));
  console.log(`  panel pid ${panel.pid} on ${panel.url}, health: ${JSON.stringify(version)}`);
  report("start -> first /health answer", panel.startupMs, "ms", TARGETS.startMs);
  report("RSS after start", rssBytes(panel.pid) / MB, "MiB");
  await Bun.sleep(2000);
  report("RSS after 2 s idle", rssBytes(panel.pid) / MB, "MiB", TARGETS.idleRssMB);
  // The panel trims its working set once quiet for 10 s (src/lib/working-set.ts); its metrics
  // rounds (every 30 s) touch code again, so an idle panel swings between these two.
  await Bun.sleep(Number(process.env.IDLE_SECONDS ?? 14) * 1000);
  report(`RSS after ${2 + Number(process.env.IDLE_SECONDS ?? 14)} s idle (trimmed)`, rssBytes(panel.pid) / MB, "MiB");

  const owner = await setupOwner(panel);
  const token = await createToken(owner, { name: "bench", scope: "write" });
  const api = withToken(panel, token);
  const first = await api.fetch(`${API}/servers/local`);
  const firstBody = await first.text();
  if (first.status !== 200) throw new Error(`GET ${API}/servers/local answered ${first.status}: ${firstBody.slice(0, 500)}`);

  await hammer(api, `${API}/servers/local`, WARMUP, 1);
  const sequential = await hammer(api, `${API}/servers/local`, REQUESTS, 1);
  printLatency("sequential", sequential, true);
  report("RSS after sequential run", rssBytes(panel.pid) / MB, "MiB");

  const concurrent = await hammer(api, `${API}/servers/local`, REQUESTS, CONCURRENCY);
  printLatency(`concurrency ${CONCURRENCY}`, concurrent, false);
  report(`RSS after ${REQUESTS * 2 + WARMUP + 1} requests`, rssBytes(panel.pid) / MB, "MiB");
  await Bun.sleep(2000);
  report("RSS 2 s later", rssBytes(panel.pid) / MB, "MiB");

  const failed = results.filter((r) => r.pass === false);
  console.log(
    `\nTargets: ${results.filter((r) => r.pass === true).length} PASS, ${failed.length} FAIL` +
      (failed.length ? ` (${failed.map((r) => r.name).join(", ")})` : ""),
  );
  if (sequential.errors + concurrent.errors > 0) console.log("WARNING: some requests did not answer 200");
  if (flag("json")) {
    console.log(JSON.stringify({ binaryBytes, startupMs: panel.startupMs, results, sequential, concurrent }, null, 2));
  }
  if (flag("strict") && failed.length > 0) exitCode = 1;
} catch (err) {
  console.error(`\nbench failed: ${err instanceof Error ? err.message : err}`);
  console.error(panel.logs().slice(-4000));
  exitCode = 2;
} finally {
  await panel.kill("SIGKILL");
  await panel.stop();
}
process.exit(exitCode);
