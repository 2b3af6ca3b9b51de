// Container list through the panel vs the raw Docker API, in the same run. Prints figures; not a test.
//
//   bun bench/containers.ts [--requests N] [--containers N] [--build]
//
// Starts the compiled panel (SERVERKIT_BIN, default dist/serverkit; --build compiles the current
// tree to a temp file first), makes N labelled containers from the test image, then times N
// sequential GET /api/v1/servers/local/containers?all=true (API token), N raw
// GET /containers/json?all=1 over the Docker socket, and N panel reads with fresh=true (which
// bypass the event-kept list and ask the engine every time), interleaved so all three see the
// same machine state. Target (issue 4): panel p50 <= 1.2x raw p50. Cleans up whatever happens.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dockerCli, TEST_IMAGE, TEST_LABEL } from "../test/harness/docker";
import { API, createToken, REPO_ROOT, serverkitBin, setupOwner, startPanel } from "../test/harness/panel";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} wants a positive number`);
  return v;
};
const REQUESTS = option("requests", 300);
const CONTAINERS = option("containers", 10);
const WARMUP = 50;
const TARGET_RATIO = 1.2;
const SOCKET = "/var/run/docker.sock";
const label = `${TEST_LABEL}=bench-${process.pid}`;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function timed(fn: () => Promise<Response>): Promise<number> {
  const t0 = performance.now();
  const res = await fn();
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`answered ${res.status}`);
  return performance.now() - t0;
}

async function compile(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "sk-bench-bin-"));
  const outfile = join(dir, "serverkit");
  const p = Bun.spawn(["bun", "scripts/build.ts", "--skip-ui", "--outfile", outfile], { cwd: REPO_ROOT, stdout: "ignore", stderr: "inherit" });
  if ((await p.exited) !== 0) throw new Error("build failed");
  return outfile;
}

const bin = args.includes("--build") ? await compile() : serverkitBin();
console.log(`ServerKit container-list bench: ${bin}`);
console.log(`  ${new Date().toISOString()}, bun ${Bun.version}, ${navigator.hardwareConcurrency} cores, ${CONTAINERS} containers, ${REQUESTS} requests each`);

const panel = await startPanel({ bin, logLevel: "warn" });
let exitCode = 0;
try {
  for (let i = 0; i < CONTAINERS; i++) {
    const r = await dockerCli(["run", "-d", "--label", label, "--label", `com.docker.compose.project=bench${i % 3}`, "-p", "127.0.0.1::80", TEST_IMAGE, "httpd", "-f", "-p", "80"]);
    if (r.exitCode !== 0) throw new Error(`docker run: ${r.stderr}`);
  }
  const token = await createToken(await setupOwner(panel), { name: "bench", scope: "read" });
  const viaPanel = () => fetch(`${panel.url}${API}/servers/local/containers?all=true`, { headers: { authorization: `Bearer ${token}` } });
  const raw = () => fetch("http://docker/containers/json?all=1", { unix: SOCKET } as RequestInit);
  const viaPanelFresh = () => fetch(`${panel.url}${API}/servers/local/containers?all=true&fresh=true`, { headers: { authorization: `Bearer ${token}` } });

  const first = (await (await viaPanel()).json()) as { items: unknown[] };
  console.log(`  panel lists ${first.items.length} containers`);
  for (let i = 0; i < WARMUP; i++) for (const f of [viaPanel, raw, viaPanelFresh]) await timed(f);

  const panelMs: number[] = [];
  const rawMs: number[] = [];
  const freshMs: number[] = [];
  // Interleaved, one at a time: all meet the same engine load and CPU frequency.
  for (let i = 0; i < REQUESTS; i++) {
    panelMs.push(await timed(viaPanel));
    rawMs.push(await timed(raw));
    freshMs.push(await timed(viaPanelFresh));
  }

  const row = (name: string, s: number[]) =>
    console.log(`  ${name.padEnd(34)} p50 ${percentile(s, 50).toFixed(3).padStart(7)} ms   p99 ${percentile(s, 99).toFixed(3).padStart(7)} ms`);
  console.log("");
  row("panel GET .../containers?all=true", panelMs);
  row("raw   GET /containers/json?all=1", rawMs);
  row("panel ...?all=true&fresh=true", freshMs);
  const ratio50 = percentile(panelMs, 50) / percentile(rawMs, 50);
  const ratio99 = percentile(panelMs, 99) / percentile(rawMs, 99);
  console.log(`\n  ratio p50 ${ratio50.toFixed(2)}x (target <= ${TARGET_RATIO}x) ${ratio50 <= TARGET_RATIO ? "PASS" : "FAIL"}`);
  console.log(`  ratio p99 ${ratio99.toFixed(2)}x`);
  console.log(`  fresh (engine read every time) p50 ${(percentile(freshMs, 50) / percentile(rawMs, 50)).toFixed(2)}x raw, +${(percentile(freshMs, 50) - percentile(rawMs, 50)).toFixed(3)} ms`);
} catch (err) {
  console.error(`\nbench failed: ${err instanceof Error ? err.message : err}`);
  console.error(panel.logs().slice(-4000));
  exitCode = 2;
} finally {
  const ids = (await dockerCli(["ps", "-aq", "--filter", `label=${label}`])).stdout.split(/\s+/).filter(Boolean);
  if (ids.length) await dockerCli(["rm", "-f", "-v", ...ids]);
  await panel.stop();
  if (args.includes("--build")) rmSync(join(bin, ".."), { recursive: true, force: true });
}
process.exit(exitCode);
