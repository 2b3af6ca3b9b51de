// Metrics: collection overhead, storage size, graph query latency. Prints figures; not a test.
//
//   bun bench/metrics.ts [--containers 50] [--minutes 3] [--mode-seconds 60] [--days 7] [--build] [--only modes,overhead,storage,query]
//
// 1. modes: three ways of reading 50 containers' stats, each for --mode-seconds, measuring this
//    process's CPU, dockerd's CPU and the time one round takes: one-shot counters for all
//    (containers.stats.all, what the panel uses), `stream=false` per container (Docker waits for
//    a second sample), and one open `stream=true` connection per container.
// 2. overhead: the compiled panel (SERVERKIT_BIN, or --build) collecting every 30 s with the
//    containers running, for --minutes: its CPU (% of one core) and RSS growth, beside the same
//    panel with collection effectively off (interval 3600 s).
// 3. storage: 7 days of 30-second samples for 50 containers, their apps and the server, with the
//    5-minute downsampling and retention job run as it would be, then the SQLite file size.
// 4. query: latency of the 1-hour graph (the API's answer for an app, all its metrics) on that database.
// Targets (issue 8): CPU <= 1 %, RSS <= +10 MB, storage <= 50 MB, 1-hour query <= 20 ms.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dockerCli, TEST_IMAGE, TEST_LABEL } from "../test/harness/docker";
import { REPO_ROOT, serverkitBin, startPanel } from "../test/harness/panel";
import { freshDatabase } from "../src/db/testing";
import { createLocalTarget } from "../src/docker/index";
import { log } from "../src/lib/log";
import { createMetrics } from "../src/metrics/index";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const only = (() => {
  const i = args.indexOf("--only");
  return i >= 0 ? args[i + 1] : undefined;
})();
const CONTAINERS = option("containers", 50);
const MINUTES = option("minutes", 3);
const MODE_SECONDS = option("mode-seconds", 60);
const DAYS = option("days", 7);
const SOCKET = "/var/run/docker.sock";
const label = `${TEST_LABEL}=bench-metrics-${process.pid}`;
const TICKS = 100; // USER_HZ on Linux

const want = (s: string) => !only || only.split(",").includes(s);
const quiet = log.child({ bench: true });
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

function procCpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8");
  const parts = f.slice(f.lastIndexOf(")") + 2).split(" ");
  return (Number(parts[11]) + Number(parts[12])) / TICKS; // utime + stime
}
const procRss = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;
async function dockerdPid(): Promise<number | null> {
  const p = Bun.spawn(["pidof", "dockerd"], { stdout: "pipe" });
  const out = (await new Response(p.stdout).text()).trim().split(/\s+/)[0];
  return out ? Number(out) : null;
}
const selfCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function startContainers(): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < CONTAINERS; i++) {
    const r = await dockerCli(["run", "-d", "--label", label, "--label", `com.docker.compose.project=bench${i % 17}`, TEST_IMAGE, "sleep", "86400"], { timeoutMs: 120_000 });
    if (r.exitCode !== 0) throw new Error(`docker run: ${r.stderr}`);
    ids.push(r.stdout.trim());
  }
  return ids;
}

async function modes(ids: string[]) {
  console.log(`\n1. Reading ${ids.length} containers' stats, ${MODE_SECONDS} s each (this process's CPU, dockerd's CPU, one round)`);
  const dockerd = await dockerdPid();
  const target = createLocalTarget({ dockerSocket: SOCKET, appsDir: tmpdir() });
  const measure = async (name: string, run: (until: number) => Promise<{ rounds: number; roundMs: number[] }>) => {
    const c0 = selfCpu();
    const d0 = dockerd ? procCpuSeconds(dockerd) : 0;
    const t0 = performance.now();
    const { rounds, roundMs } = await run(Date.now() + MODE_SECONDS * 1000);
    const wall = (performance.now() - t0) / 1000;
    const self = ((selfCpu() - c0) / wall) * 100;
    const dd = dockerd ? ((procCpuSeconds(dockerd) - d0) / wall) * 100 : NaN;
    const sorted = [...roundMs].sort((a, b) => a - b);
    const median = sorted.length ? sorted[Math.floor(sorted.length / 2)]! : NaN;
    console.log(`   ${name.padEnd(44)} client ${self.toFixed(2).padStart(6)} %  dockerd ${dd.toFixed(2).padStart(6)} %  round ${median.toFixed(0).padStart(6)} ms  (${rounds} rounds)`);
    // Polling modes: CPU seconds per round, i.e. what one collection every 30 s would cost.
    if (roundMs.length) {
      const per = (pct: number) => (pct / 100) * wall / roundMs.length;
      console.log(`   ${"".padEnd(44)} per round: client ${per(self).toFixed(3)} s, dockerd ${per(dd).toFixed(3)} s -> at one round per 30 s: client ${((per(self) / 30) * 100).toFixed(2)} %, dockerd ${((per(dd) / 30) * 100).toFixed(2)} %`);
    }
  };
  // Rounds every 5 s so a minute holds a dozen; the panel's default is one per 30 s.
  await measure("one-shot counters, all (containers.stats.all)", async (until) => {
    const roundMs: number[] = [];
    while (Date.now() < until) {
      const t = performance.now();
      await target.call("containers.stats.all", {});
      roundMs.push(performance.now() - t);
      await Bun.sleep(5000);
    }
    return { rounds: roundMs.length, roundMs };
  });
  await measure("stream=false per container (8 at a time)", async (until) => {
    const roundMs: number[] = [];
    while (Date.now() < until) {
      const t = performance.now();
      let next = 0;
      const worker = async () => {
        while (next < ids.length) await target.call("containers.stats", { id: ids[next++]! });
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      roundMs.push(performance.now() - t);
      await Bun.sleep(5000);
    }
    return { rounds: roundMs.length, roundMs };
  });
  await measure("stream=true, one connection per container", async (until) => {
    const abort = new AbortController();
    let samples = 0;
    const streams = ids.map(async (id) => {
      try {
        for await (const _s of target.stream("containers.stats.stream", { id }, abort.signal)) samples++;
      } catch {
        // aborted
      }
    });
    await Bun.sleep(Math.max(0, until - Date.now()));
    abort.abort();
    await Promise.all(streams);
    return { rounds: samples, roundMs: [] };
  });
}

async function overhead() {
  const built = args.includes("--build") ? await compile() : null;
  const bin = built ?? serverkitBin();
  console.log(`\n2. Panel overhead with ${CONTAINERS} running containers over ${MINUTES} min (${bin})`);
  const run = async (intervalSeconds: number) => {
    const panel = await startPanel({ bin, logLevel: "warn", config: `metrics:\n  intervalSeconds: ${intervalSeconds}\n`, timeoutMs: 60_000 });
    try {
      await Bun.sleep(20_000); // start-up settles; the first round (2 s after start) is done
      const rss0 = procRss(panel.pid);
      const c0 = procCpuSeconds(panel.pid);
      const t0 = performance.now();
      let peak = rss0;
      const end = Date.now() + MINUTES * 60_000;
      while (Date.now() < end) {
        await Bun.sleep(5000);
        peak = Math.max(peak, procRss(panel.pid));
      }
      const cpu = ((procCpuSeconds(panel.pid) - c0) / ((performance.now() - t0) / 1000)) * 100;
      const rss1 = procRss(panel.pid);
      return { cpu, rss0, rss1, peak };
    } finally {
      await panel.stop();
    }
  };
  let on: Awaited<ReturnType<typeof run>>;
  let off: Awaited<ReturnType<typeof run>>;
  try {
    on = await run(30);
    off = await run(3600);
  } finally {
    if (built) rmSync(join(built, ".."), { recursive: true, force: true });
  }
  const row = (name: string, r: Awaited<ReturnType<typeof run>>) =>
    console.log(`   ${name.padEnd(30)} CPU ${r.cpu.toFixed(2).padStart(5)} % of one core   RSS ${mb(r.rss0)} -> ${mb(r.rss1)} (peak ${mb(r.peak)}, growth ${mb(r.rss1 - r.rss0)})`);
  row("collecting every 30 s", on);
  row("not collecting (baseline)", off);
  console.log(`   collection costs ${(on.cpu - off.cpu).toFixed(2)} % CPU (target <= 1 %), RSS growth ${mb(on.rss1 - on.rss0)} (target <= 10 MB)`);
}

async function compile(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "sk-bench-bin-"));
  const outfile = join(dir, "serverkit");
  const p = Bun.spawn(["bun", "scripts/build.ts", "--skip-ui", "--outfile", outfile], { cwd: REPO_ROOT, stdout: "ignore", stderr: "inherit" });
  if ((await p.exited) !== 0) throw new Error("build failed");
  return outfile;
}

async function storageAndQuery() {
  const db = await freshDatabase("bun-sqlite");
  const metrics = createMetrics(db.db, { servers: { list: async () => [], target: async () => { throw new Error("none"); } }, apps: async () => [], log: quiet, intervalSeconds: 30 });
  try {
    const now = Math.floor(Date.now() / 1000 / 30) * 30;
    const start = now - DAYS * 86_400;
    const scopes: { id: number; kind: string }[] = [{ id: await metrics.repo.scopeId("local", "server", "local", null, Date.now(), true), kind: "server" }];
    for (let a = 1; a <= 17; a++) scopes.push({ id: await metrics.repo.scopeId("local", "app", String(a), null, Date.now(), true), kind: "app" });
    for (let c = 0; c < CONTAINERS; c++) scopes.push({ id: await metrics.repo.scopeId("local", "container", `bench${c % 17}-web-${c}`, `bench${c % 17}`, Date.now(), true), kind: "container" });
    const r = (n: number) => Math.round(Math.random() * n);
    const r2 = (n: number) => Math.round(Math.random() * n * 100) / 100;
    const t0 = performance.now();
    let maintainMs = 0;
    let maintainRuns = 0;
    for (let t = start; t <= now; t += 30) {
      const rows = scopes.map((s) =>
        s.kind === "server"
          ? { scopeId: s.id, t, cpu: r2(100), mem: 2e9 + r(1e8), memPct: r2(100), diskPct: r2(100), rx: r(1e6), tx: r(1e6), load1: r2(4) }
          : { scopeId: s.id, t, cpu: r2(200), mem: 5e7 + r(1e7), memPct: s.kind === "container" ? r2(5) : null, rx: r(1e5), tx: r(1e5), blkR: r(1e4), blkW: r(1e5) },
      );
      await metrics.repo.insertRaw(rows);
      if (t % 300 === 0 || t === now) {
        const m0 = performance.now();
        await metrics.maintain((t + 15) * 1000);
        maintainMs += performance.now() - m0;
        maintainRuns++;
      }
    }
    const simMs = performance.now() - t0;
    await db.raw.query("PRAGMA wal_checkpoint(TRUNCATE)");
    const file = join(db.dir, "serverkit.db");
    const size = statSync(file).size;
    const counts = { raw: await metrics.repo.count("raw"), fiveMin: await metrics.repo.count("5m"), hourly: await metrics.repo.count("1h") };
    if (want("storage")) {
      console.log(`\n3. Storage: ${DAYS} days of 30-s samples, ${CONTAINERS} containers + 17 apps + 1 server (${scopes.length} scopes), downsampled every 5 simulated minutes`);
      console.log(`   simulated in ${(simMs / 1000).toFixed(1)} s; downsampling+retention ${maintainRuns} runs, mean ${(maintainMs / maintainRuns).toFixed(1)} ms`);
      console.log(`   rows: raw ${counts.raw}, 5-minute ${counts.fiveMin}, hourly ${counts.hourly}`);
      console.log(`   SQLite file ${mb(size)} (whole panel database, after a WAL checkpoint; target <= 50 MB)`);
    }
    if (want("query")) {
      const appScope = { kind: "app", id: 1 } as const;
      const time = async (range: string, n: number) => {
        const ms: number[] = [];
        for (let i = 0; i < n; i++) {
          const q0 = performance.now();
          await metrics.view(appScope, range);
          ms.push(performance.now() - q0);
        }
        ms.sort((a, b) => a - b);
        return { p50: ms[Math.floor(n / 2)]!, p95: ms[Math.floor(n * 0.95)]! };
      };
      console.log(`\n4. Graph query (GET /apps/1/metrics: all 6 metrics with current and average), 100 runs each`);
      for (const range of ["1h", "6h", "24h", "7d"]) {
        const q = await time(range, 100);
        console.log(`   range ${range.padEnd(4)} p50 ${q.p50.toFixed(2).padStart(6)} ms   p95 ${q.p95.toFixed(2).padStart(6)} ms${range === "1h" ? "   (target <= 20 ms)" : ""}`);
      }
    }
  } finally {
    await db.close();
  }
}

console.log(`ServerKit metrics bench — ${new Date().toISOString()}, bun ${Bun.version}, ${navigator.hardwareConcurrency} cores, load ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
let exitCode = 0;
try {
  if (want("storage") || want("query")) await storageAndQuery();
  if (want("modes") || want("overhead")) {
    const ids = await startContainers();
    if (want("modes")) await modes(ids);
    if (want("overhead")) await overhead();
  }
} catch (err) {
  console.error(`\nbench failed: ${err instanceof Error ? err.message : err}`);
  exitCode = 2;
} finally {
  const ids = (await dockerCli(["ps", "-aq", "--filter", `label=${label}`])).stdout.split(/\s+/).filter(Boolean);
  if (ids.length) await dockerCli(["rm", "-f", "-v", ...ids], { timeoutMs: 120_000 });
}
process.exit(exitCode);
