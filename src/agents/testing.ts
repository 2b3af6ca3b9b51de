// Test support for agents: an in-process panel listening on loopback (real HTTP and WebSocket)
// and real agent processes (`bun src/main.ts agent`, or the compiled binary) dialling it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Subprocess } from "bun";
import { websocket } from "hono/bun";
import { createTestApp, type TestClient } from "../http/testing.ts";

const REPO = resolve(import.meta.dir, "../..");

/** How to run `serverkit`: SERVERKIT_BIN when set (e2e), else the sources through bun. */
export const agentCommand = (): string[] => (process.env.SERVERKIT_BIN ? [process.env.SERVERKIT_BIN] : [process.execPath, join(REPO, "src/main.ts")]);

/**
 * hostname: where the panel listens (a veth's address for agents in a network namespace).
 * executable: the file the panel serves as its binary (from source it has none).
 */
export async function startTestPanel(o: { hostname?: string; executable?: string } = {}) {
  const t = await createTestApp("bun-sqlite", "", { agentExecutable: o.executable });
  const hostname = o.hostname ?? "127.0.0.1";
  const server = Bun.serve({ port: 0, hostname, fetch: t.app.fetch, websocket });
  const url = `http://${hostname}:${server.port}`;
  const admin = await t.owner();
  return {
    ...t,
    url,
    admin,
    /** Replaceable: a test "restarts" the panel by stopping it and listening again on the port. */
    server,
    /** Adds a server through the API; returns its id and one-time token. */
    async addServer(client: TestClient = admin, name = "remote") {
      const r = await client.request("POST", "/servers", { name, panelUrl: url });
      if (r.status !== 201) throw new Error(`add server: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as { server: { id: string }; token: string; command: string; download: string | null; install: string };
    },
    async status(id: string): Promise<string> {
      const r = await admin.request("GET", "/servers");
      return r.body.items.find((s: { id: string }) => s.id === id)?.status ?? "missing";
    },
    async auditActions(action: string): Promise<{ action: string; result: string; target: string | null; details: any }[]> {
      return (await admin.request("GET", `/audit?action=${encodeURIComponent(action)}&limit=200`)).body.items;
    },
    async stop() {
      t.services.agents.close();
      this.server.stop(true);
      await t.close();
    },
  };
}
export type TestPanel = Awaited<ReturnType<typeof startTestPanel>>;

export interface AgentProcess {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  dataDir: string;
  output(): string;
  exited: Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts `serverkit agent` with loopback-friendly flags; the caller waits for what it needs.
 * prefix runs it through another command (`ip netns exec NS`).
 */
export function startAgent(args: string[], dataDir = mkdtempSync(join(tmpdir(), "sk-agent-")), prefix: string[] = []): AgentProcess {
  const proc = Bun.spawn([...prefix, ...agentCommand(), "agent", "--data-dir", dataDir, "--allow-insecure", "--heartbeat-seconds", "2", ...args], {
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, NO_COLOR: "1" },
  });
  let text = "";
  const pump = async (s: ReadableStream<Uint8Array>) => {
    for await (const chunk of s) text += new TextDecoder().decode(chunk);
  };
  void pump(proc.stdout);
  void pump(proc.stderr);
  return {
    proc,
    dataDir,
    output: () => text,
    exited: proc.exited,
    async stop() {
      if (proc.exitCode === null) {
        proc.kill("SIGTERM");
        const timer = setTimeout(() => proc.kill("SIGKILL"), 5000);
        await proc.exited;
        clearTimeout(timer);
      }
    },
  };
}

export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });

/** Waits until `check` passes or the time is up (then throws its last error). */
export async function until<T>(check: () => Promise<T>, ms = 30_000, what = "condition"): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${(last as Error)?.message ?? last}`);
    await Bun.sleep(50);
  }
}
