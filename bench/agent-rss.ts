// Idle memory of one real agent (the compiled binary) connected to a panel over loopback, and
// the round trip of a call through it. Usage: SERVERKIT_BIN=dist/serverkit bun bench/agent-rss.ts
// (SERVERKIT_AGENT_BIN runs the agent from another binary, to compare builds)
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { API, serverkitBin, setupOwner, startPanel } from "../test/harness/panel";

const statusKiB = (pid: number, field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);
const rssKiB = (pid: number) => statusKiB(pid, "VmRSS");
const mib = (kib: number) => +(kib / 1024).toFixed(1);

const panel = await startPanel();
const dir = mkdtempSync(join(tmpdir(), "sk-bench-agent-"));
let agent: ReturnType<typeof Bun.spawn> | undefined;
try {
  const owner = await setupOwner(panel);
  const added = (await owner.json(`${API}/servers`, { method: "POST", json: { name: "bench" } })).body;
  agent = Bun.spawn([process.env.SERVERKIT_AGENT_BIN ?? serverkitBin(), "agent", "--token", added.token, "--panel", panel.url, "--data-dir", dir, "--allow-insecure"], { stdout: "ignore", stderr: "ignore" });
  const id = added.server.id;
  for (let i = 0; ; i++) {
    const s = (await owner.json(`${API}/servers`)).body.items.find((x: { id: string }) => x.id === id);
    if (s?.status === "online") break;
    if (i > 600) throw new Error("agent did not come online");
    await Bun.sleep(100);
  }
  // The same call through the in-process local Target, for comparison: the difference is the agent hop.
  const roundTrips = async (server: string) => {
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      const r = await owner.json(`${API}/servers/${server}/containers`);
      if (r.status !== 200) throw new Error(`containers: ${r.status}`);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return { p50: +times[100]!.toFixed(2), p99: +times[197]!.toFixed(2) };
  };
  const viaAgent = await roundTrips(id);
  const local = await roundTrips("local");
  // Busy: right after 400 calls. Idle: the agent trims its working set once it has been quiet
  // for 10 s (src/lib/working-set.ts); then a minute of heartbeats and the panel's metrics polls.
  const sample = () => ({
    rssMiB: mib(rssKiB(agent!.pid)),
    // anon: the heap and what the runtime allocated; file: pages of the binary itself touched.
    anonMiB: mib(statusKiB(agent!.pid, "RssAnon")),
    fileMiB: mib(statusKiB(agent!.pid, "RssFile")),
  });
  const busy = sample();
  await Bun.sleep(15_000);
  const idle = sample();
  await Bun.sleep(Number(process.env.IDLE_SECONDS ?? 60) * 1000);
  const later = sample();
  const out = {
    agentIdleRssMiB: Math.max(idle.rssMiB, later.rssMiB),
    afterCalls: busy,
    idle15s: idle,
    [`idle${15 + Number(process.env.IDLE_SECONDS ?? 60)}s`]: later,
    containersListViaApiMs: { agent: viaAgent, local },
  };
  process.stdout.write(JSON.stringify(out) + "\n");
} finally {
  agent?.kill("SIGTERM");
  await agent?.exited;
  await panel.stop();
  rmSync(dir, { recursive: true, force: true });
}
