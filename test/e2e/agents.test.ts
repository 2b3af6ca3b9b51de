// A remote server end to end with the compiled binary: `serverkit serve` adds a server,
// `serverkit agent` registers with the one-time token and dials back; the panel's own API then
// reaches that server's Docker; the agent rides out a panel restart; revoking stops it for good.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { API, serverkitBin, setupOwner, startPanel, type Client, type Panel } from "../harness/panel";

let panel: Panel;
let owner: Client;
let agent: Subprocess<"ignore", "pipe", "pipe"> | undefined;
let agentLog = "";
const agentDir = mkdtempSync(join(tmpdir(), "sk-e2e-agent-"));

function startAgent(args: string[]) {
  const p = Bun.spawn([serverkitBin(), "agent", "--data-dir", agentDir, "--allow-insecure", "--heartbeat-seconds", "0.5", ...args], {
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  for (const s of [p.stdout, p.stderr]) void (async () => {
    for await (const chunk of s) agentLog += new TextDecoder().decode(chunk);
  })();
  return p;
}

async function until(check: () => Promise<boolean>, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; agent said:\n${agentLog.slice(-3000)}`);
    await Bun.sleep(100);
  }
}

/** GET that rides out a busy machine: the first facts of a new server can outlast Bun's 10 s idle timeout. */
async function getEventually(path: string) {
  let last: unknown;
  await until(async () => {
    try {
      last = await owner.json(path);
      return (last as { status: number }).status === 200;
    } catch (err) {
      last = err;
      return false;
    }
  }, 60_000, `GET ${path}`);
  return last as { status: number; body: any };
}

const statusOf = async (id: string) => (await owner.json(`${API}/servers`)).body.items.find((s: { id: string }) => s.id === id)?.status;

beforeAll(async () => {
  panel = await startPanel();
  owner = await setupOwner(panel);
}, 60_000);
afterAll(async () => {
  if (agent && agent.exitCode === null) agent.kill("SIGKILL");
  await panel?.stop();
  rmSync(agentDir, { recursive: true, force: true });
});

describe("remote server through an agent (compiled binary)", () => {
  let id = "";

  test("add, register with the one-time token, come online; the API reaches its Docker", async () => {
    const added = await owner.json(`${API}/servers`, { method: "POST", json: { name: "e2e-remote" } });
    expect(added.status).toBe(201);
    id = added.body.server.id;
    expect(added.body.command).toContain(`--panel ${panel.url}`);
    agent = startAgent([`--token=${added.body.token}`, "--panel", panel.url]);
    await until(async () => (await statusOf(id)) === "online", 120_000, "online");
    expect(statSync(join(agentDir, "identity.json")).mode & 0o777).toBe(0o600);

    const detail = await getEventually(`${API}/servers/${id}`);
    expect(detail.body.facts.docker.available).toBe(true);
    const containers = await getEventually(`${API}/servers/${id}/containers`);
    expect(Array.isArray(containers.body.items)).toBe(true);

    // The token was spent: a second registration with it is refused.
    const reuse = await panel.fetch(`${API}/agents/register`, { method: "POST", json: { token: added.body.token, publicKey: "A".repeat(43) } });
    expect(reuse.status).toBe(401);
  }, 240_000);

  test("once quiet, the agent hands its start-up pages back, and still answers", async () => {
    const rssKiB = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${agent!.pid}/status`, "utf8"))?.[1]);
    const busy = rssKiB();
    // Quiet for 10 s (heartbeats do not count), the agent trims; the panel's first metrics poll may push it back once.
    await until(async () => rssKiB() < busy - 12 * 1024, 90_000, `the agent's RSS to fall from ${busy} KiB`);
    const containers = await getEventually(`${API}/servers/${id}/containers`);
    expect(Array.isArray(containers.body.items)).toBe(true);
    const detail = await getEventually(`${API}/servers/${id}`);
    expect(detail.body.facts.docker.available).toBe(true);
    expect(agent!.exitCode).toBeNull();
  }, 120_000);

  test("the agent comes back by itself after the panel restarts", async () => {
    await panel.restart();
    await until(async () => (await statusOf(id)) === "online", 60_000, "back online after restart");
    expect(agent!.exitCode).toBeNull();
  }, 90_000);

  test("revoked: dropped at once, exits, and cannot come back", async () => {
    const r = await owner.json(`${API}/servers/${id}`, { method: "DELETE" });
    expect(r.status).toBe(200);
    expect(await statusOf(id)).toBe("revoked");
    expect(await agent!.exited).toBe(3);
    const again = startAgent([]);
    expect(await again.exited).toBe(3);
    const audit = await owner.json(`${API}/audit?action=agents.auth&result=failure`);
    expect(audit.body.items.some((e: { details: { code: string } }) => e.details.code === "revoked")).toBe(true);
  }, 60_000);
});
