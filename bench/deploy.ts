// Deploy time of the two-service test template through the panel vs raw `compose up -d` of
// the very same files, in the same run. Prints figures; not a test.
//
//   bun bench/deploy.ts [--rounds N]
//
// The panel's deploy job includes what raw `up -d` does not: writing the files, and checking
// that the containers are still running a moment later (`apps.settleMs` in the config; the
// bench uses the default). Both figures are printed: the job as a user waits for it, and the
// job minus that deliberate wait.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dockerCli } from "../test/harness/docker";
import { API, REPO_ROOT, setupOwner, startPanel, type Client } from "../test/harness/panel";

const args = process.argv.slice(2);
const ROUNDS = Number(args[args.indexOf("--rounds") + 1] || 3) || 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function compose(): Promise<string[]> {
  const v2 = Bun.spawnSync(["docker", "compose", "version"]);
  return v2.exitCode === 0 ? ["docker", "compose"] : ["docker-compose"];
}

async function waitJob(owner: Client, id: string) {
  for (;;) {
    const { body } = await owner.json(`${API}/jobs/${id}`);
    if (!["queued", "running"].includes(body.job.status)) return body.job;
    await Bun.sleep(50);
  }
}

const cli = await compose();
const panel = await startPanel({ config: `templatesDir: ${join(REPO_ROOT, "test/fixtures/templates")}\nports:\n  min: 18300\n  max: 18399\n` });
const owner = await setupOwner(panel);
const settleMs = 2000; // the default in src/apps/index.ts
const panelMs: number[] = [];
const rawMs: number[] = [];

try {
  for (let round = 0; round < ROUNDS; round++) {
    const name = `bench-deploy-${round}`;
    const t0 = performance.now();
    const created = await owner.json(`${API}/apps`, { method: "POST", json: { name, templateId: "two-service" } });
    if (created.status !== 202) throw new Error(JSON.stringify(created.body));
    const job = await waitJob(owner, created.body.job.id);
    if (job.status !== "succeeded") throw new Error(`deploy failed: ${job.error}`);
    panelMs.push(performance.now() - t0);

    // The same files, by hand, under another project name and port.
    const dir = mkdtempSync(join(tmpdir(), "sk-bench-raw-"));
    const appDir = join(panel.dataDir, "apps", name);
    const port = created.body.app.ports[0].hostPort;
    writeFileSync(join(dir, "docker-compose.yml"), readFileSync(join(appDir, "docker-compose.yml"), "utf8").replace(`${port}:80`, `${port + 50}:80`));
    writeFileSync(join(dir, ".env"), readFileSync(join(appDir, ".env"), "utf8"));
    const t1 = performance.now();
    const up = Bun.spawnSync([...cli, "-p", `${name}-raw`, "up", "-d"], { cwd: dir });
    rawMs.push(performance.now() - t1);
    if (up.exitCode !== 0) throw new Error(up.stderr.toString());
    Bun.spawnSync([...cli, "-p", `${name}-raw`, "down", "-v"], { cwd: dir });
    rmSync(dir, { recursive: true, force: true });
    const rm = await owner.json(`${API}/apps/${created.body.app.id}`, { method: "DELETE", json: { confirm: name, removeVolumes: true } });
    await waitJob(owner, rm.body.job.id);
  }
} finally {
  await panel.stop();
  await dockerCli(["volume", "prune", "-f"]).catch(() => undefined);
}

const p = median(panelMs);
const r = median(rawMs);
console.log(`deploy bench: ${ROUNDS} rounds, two-service template, ${cli.join(" ")}`);
console.log(`  raw compose up -d (median)                 ${r.toFixed(0)} ms`);
console.log(`  panel deploy job, as the user waits        ${p.toFixed(0)} ms   ratio ${(p / r).toFixed(2)}x`);
console.log(`  panel deploy job minus the ${settleMs} ms stay-up check ${(p - settleMs).toFixed(0)} ms   ratio ${((p - settleMs) / r).toFixed(2)}x  (target <= 1.1x)`);
