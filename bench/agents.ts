// Many agents, one panel. Prints figures; not a test.
//
//   SERVERKIT_BIN=dist/serverkit bun bench/agents.ts [--agents 1000] [--commands 5000] [--concurrency 10] [--metrics-seconds 30]
//
// The panel is the compiled binary (its own process, so its RSS is its own). The agents are
// simulated in this process, but each runs the real agent side of the protocol (runLink from
// src/cli/agent-link.ts: hello, signed challenge answer, signature/expiry/replay checks on every
// command, heartbeats, reconnect with backoff) under its own registered identity: a server added
// through the API and registered with its own Ed25519 key, as `serverkit agent --token` does.
// Only the operations are stand-ins (answers from memory instead of Docker), so the figures are
// the panel's and the protocol's, not dockerd's.
//
// Figures (issue 7 targets): panel RSS growth per connected agent (<= 50 KB), round trip of
// a command through the API to an agent and back, p50/p99 over --commands spread across agents,
// one at a time and --concurrency in flight (p99 <= 50 ms), and how long until every agent is
// back after a panel restart (<= 15 s). The panel's metrics round (every --metrics-seconds) asks
// every agent for counters meanwhile, as it would in production. The machine's load average is
// printed first: on a shared 2-core machine wall-clock figures move with it, CPU seconds less so.
import { readFileSync } from "node:fs";
import { runLink } from "../src/cli/agent-link";
import type { Identity } from "../src/cli/agent-identity";
import type { Handlers } from "../src/docker/index";
import type { Logger } from "../src/lib/log";
import { generateSigningKey } from "../src/protocol/index";
import { API, createToken, setupOwner, startPanel, withToken, type Client } from "../test/harness/panel";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} wants a positive number`);
  return value;
};
const AGENTS = option("agents", 1000);
const COMMANDS = option("commands", 5000);
const CONCURRENCY = option("concurrency", 10);
/** The panel's metrics round (default 30 s) asks every agent for counters: part of the load. */
const METRICS_SECONDS = option("metrics-seconds", 30);
const TARGETS = { rssPerAgentKB: 50, p99Ms: 50, reconnectS: 15 };

const TICKS = 100; // USER_HZ
function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8");
  const parts = f.slice(f.lastIndexOf(")") + 2).split(" ");
  return (Number(parts[11]) + Number(parts[12])) / TICKS;
}
/** CPU seconds used by the panel and by this process (the simulated agents) since the last call. */
let cpuMark = { panel: 0, self: 0 };
function cpuSince(pid: number): string {
  const selfNow = process.cpuUsage();
  const now = { panel: cpuSeconds(pid), self: (selfNow.user + selfNow.system) / 1e6 };
  const d = `CPU: panel ${(now.panel - cpuMark.panel).toFixed(1)} s, agents ${(now.self - cpuMark.self).toFixed(1)} s`;
  cpuMark = now;
  return d;
}
const rssKB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
const verdict = (value: number, target: number) => `(target <= ${target})  ${value <= target ? "PASS" : "FAIL"}`;
const say = (line: string) => process.stdout.write(line + "\n");

/** Runs `fn` over `items` with `n` in flight. */
async function pool<T, R>(items: T[], n: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

// Stand-in operations: what the panel asks every connected server on its own (metrics rounds,
// the container list behind the round trips, the Docker event feed that keeps that list fresh).
const now = () => Date.now();
const calls: Record<string, (a: unknown) => Promise<unknown>> = {
  "server.load": async () => ({
    at: new Date().toISOString(),
    cpuPercent: 3,
    memory: { usedBytes: 1e9, totalBytes: 4e9 },
    disk: { usedBytes: 1e10, totalBytes: 5e10 },
    network: { rxBytesPerSec: 100, txBytesPerSec: 100 },
    load: [0.1, 0.1, 0.1],
  }),
  "server.counters": async () => ({
    at: now(),
    cpuTotalTicks: now() / 5,
    cpuIdleTicks: now() / 6,
    memTotalBytes: 4e9,
    memAvailableBytes: 3e9,
    diskUsedBytes: 1e10,
    diskTotalBytes: 5e10,
    rxBytes: now(),
    txBytes: now(),
    load: [0.1, 0.1, 0.1],
  }),
  "containers.stats.all": async () => ({ containers: [] }),
  "containers.list": async () => [],
};
const streams: Record<string, (a: unknown, signal: AbortSignal) => AsyncIterable<unknown>> = {
  async *"docker.events"(_a, signal) {
    yield { ready: true };
    await new Promise<void>((r) => signal.addEventListener("abort", () => r(), { once: true }));
  },
};
const missing = (op: string) => async () => {
  throw new Error(`${op} is not simulated by bench/agents.ts`);
};
const handlers = {
  calls: new Proxy(calls, { get: (t, op: string) => t[op] ?? missing(op) }),
  streams: new Proxy(streams, { get: (t, op: string) => t[op] ?? missing(op) }),
} as unknown as Handlers;

/** A quiet logger that counts welcomes (one per successful connection), drops by close code and backoff waits. */
let welcomes = 0;
let drops = new Map<string, number>();
let longestWaitMs = 0;
const quiet: Logger = {
  debug: () => undefined,
  info: (msg, fields) => {
    if (msg === "connected to the panel") welcomes++;
    if (msg === "reconnecting") longestWaitMs = Math.max(longestWaitMs, Number(fields?.inMs ?? 0));
  },
  warn: (msg, fields) => {
    if (msg === "disconnected from the panel") drops.set(String(fields?.code), (drops.get(String(fields?.code)) ?? 0) + 1);
  },
  error: (msg, fields) => say(`  agent error: ${msg} ${JSON.stringify(fields ?? {}).slice(0, 300)}`),
  child: () => quiet,
};

async function register(owner: Client, panelUrl: string, i: number): Promise<Identity> {
  const added = await owner.json(`${API}/servers`, { method: "POST", json: { name: `sim-${i}`, panelUrl } });
  if (added.status !== 201) throw new Error(`POST /servers: ${added.status} ${JSON.stringify(added.body)}`);
  const pair = await generateSigningKey();
  const reg = await owner.json(`${API}/agents/register`, { method: "POST", json: { token: added.body.token, publicKey: pair.publicKey, facts: null } });
  if (reg.status !== 201) throw new Error(`POST /agents/register: ${reg.status} ${JSON.stringify(reg.body)}`);
  return { serverId: reg.body.serverId, panelUrl, panelPublicKey: reg.body.panelPublicKey, privateKey: pair.privateKey, publicKey: pair.publicKey };
}

async function onlineCount(api: Client): Promise<number> {
  const r = await api.json(`${API}/servers`).catch(() => null);
  if (!r || r.status !== 200) return -1;
  return (r.body.items as { kind: string; status: string }[]).filter((s) => s.kind === "agent" && s.status === "online").length;
}

/**
 * Milliseconds until `want` more welcomes arrived (counted by the agents, so waiting costs the
 * panel nothing), then the panel's own list must say they are all online. Throws after `limitMs`.
 */
async function untilWelcomed(api: Client, from: number, want: number, limitMs: number): Promise<number> {
  const t0 = performance.now();
  while (welcomes - from < want) {
    if (performance.now() - t0 > limitMs) throw new Error(`only ${welcomes - from}/${want} agents welcomed after ${limitMs} ms`);
    await Bun.sleep(20);
  }
  const ms = performance.now() - t0;
  const online = await onlineCount(api);
  if (online < want) throw new Error(`agents were welcomed but the panel lists ${online}/${want} online`);
  return ms;
}

say(`ServerKit agents bench: ${AGENTS} simulated agents, ${new Date().toISOString()}, bun ${Bun.version}, ${navigator.hardwareConcurrency} cores`);
say(`  load average before: ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")} (other work on this machine skews wall-clock figures; CPU seconds do not)`);
const panel = await startPanel({ logLevel: "warn", config: `metrics:\n  intervalSeconds: ${METRICS_SECONDS}\n` });
const stop = new AbortController();
const links: Promise<number>[] = [];
let exitCode = 0;
try {
  const owner = await setupOwner(panel);
  const api = withToken(panel, await createToken(owner, { name: "bench", scope: "write" }));

  const t0 = performance.now();
  const identities = await pool(
    Array.from({ length: AGENTS }, (_, i) => i),
    8,
    (i) => register(api, panel.url, i),
  );
  say(`  registered ${AGENTS} servers through the API in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await Bun.sleep(3000);
  const before = rssKB(panel.pid);
  say(`  panel RSS with ${AGENTS} registered servers, none connected: ${(before / 1024).toFixed(1)} MiB`);

  cpuSince(panel.pid);
  const t1 = performance.now();
  for (const identity of identities) {
    links.push(runLink({ identity, handlers, log: quiet, version: "bench", heartbeatMs: 30_000, signal: stop.signal }));
  }
  const coldMs = await untilWelcomed(api, 0, AGENTS, 120_000);
  say(`  all ${AGENTS} agents online ${(coldMs / 1000).toFixed(1)} s after they started dialling (${cpuSince(panel.pid)})`);
  await Bun.sleep(5000);
  const connected = rssKB(panel.pid);
  const perAgent = ((connected - before) * 1024) / AGENTS / 1000;
  say(`  panel RSS with all connected, 5 s later: ${(connected / 1024).toFixed(1)} MiB`);
  say(`  RSS growth per agent: ${perAgent.toFixed(1)} KB  ${verdict(perAgent, TARGETS.rssPerAgentKB)}`);

  // Round trips: GET /servers/:id/containers?fresh=1 skips the panel's list cache, so every one
  // is a signed command to an agent, checked there, answered and matched back. First one at a
  // time (the round trip itself), then CONCURRENCY in flight (the panel under load).
  const ids = identities.map((x) => x.serverId);
  const roundTrips = async (count: number, inFlight: number) => {
    const times: number[] = [];
    let errors = 0;
    cpuSince(panel.pid);
    const t = performance.now();
    await pool(
      Array.from({ length: count }, (_, i) => ids[(i * 7919) % ids.length]!),
      inFlight,
      async (id) => {
        const s = performance.now();
        const r = await api.fetch(`${API}/servers/${id}/containers?fresh=true`);
        await r.arrayBuffer();
        times.push(performance.now() - s);
        if (r.status !== 200) errors++;
      },
    );
    const wall = performance.now() - t;
    times.sort((a, b) => a - b);
    say(`  ${count} commands through the API, ${inFlight} in flight, over ${Math.min(count, ids.length)} agents: ${(wall / 1000).toFixed(1)} s, ${Math.round((count / wall) * 1000)}/s, ${errors} not 200 (${cpuSince(panel.pid)})`);
    say(`    round trip p50 ${pct(times, 50).toFixed(2)} ms, p90 ${pct(times, 90).toFixed(2)} ms, p99 ${pct(times, 99).toFixed(2)} ms  ${verdict(pct(times, 99), TARGETS.p99Ms)}, max ${times.at(-1)!.toFixed(1)} ms`);
  };
  await roundTrips(Math.min(COMMANDS, 2000), 1);
  await roundTrips(COMMANDS, CONCURRENCY);
  say(`  panel RSS after the round trips: ${(rssKB(panel.pid) / 1024).toFixed(1)} MiB`);

  // Panel restart: SIGTERM, start again on the same port and data; every agent must find it.
  const welcomesBefore = welcomes;
  drops = new Map();
  longestWaitMs = 0;
  const agentsCpu0 = process.cpuUsage();
  const t3 = performance.now();
  await panel.restart({ signal: "SIGTERM", timeoutMs: 60_000 });
  const healthyMs = performance.now() - t3;
  const backMs = healthyMs + (await untilWelcomed(api, welcomesBefore, AGENTS, 120_000));
  say(`  panel restart: healthy again after ${(healthyMs / 1000).toFixed(1)} s; all ${AGENTS} agents back ${(backMs / 1000).toFixed(1)} s after the restart began  ${verdict(backMs / 1000, TARGETS.reconnectS)}`);
  const agentsCpu = process.cpuUsage(agentsCpu0);
  say(`  (${welcomes - welcomesBefore} welcomes for ${AGENTS} agents; disconnects by close code ${JSON.stringify(Object.fromEntries(drops))}; longest backoff ${(longestWaitMs / 1000).toFixed(1)} s; agents CPU ${((agentsCpu.user + agentsCpu.system) / 1e6).toFixed(1)} s)`);
  await Bun.sleep(5000);
  say(`  panel RSS after the restart, all back, 5 s later: ${(rssKB(panel.pid) / 1024).toFixed(1)} MiB`);
} catch (err) {
  say(`\nbench failed: ${err instanceof Error ? err.message : err}`);
  say(panel.logs().slice(-3000));
  exitCode = 2;
} finally {
  stop.abort();
  await Promise.race([Promise.all(links), Bun.sleep(5000)]);
  await panel.stop();
}
process.exit(exitCode);
