// A deploy across a network cut, with a real agent process behind a TCP proxy the test controls:
// `compose up` builds an image whose build prints 40 numbered lines over ~10 s; the link goes
// silent after line 3. The agent keeps the run going (the container comes up while both sides
// have given up on the link); after the thaw the panel re-attaches, and the caller, whose stream
// stayed open, gets every line exactly once and in order, then a clean end. Compose ran once.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTcpProxy, type TcpProxy } from "../../test/harness/tcp-proxy.ts";
import { randomId } from "../lib/ids.ts";
import { dockerFixtures, dockerReady, TEST_IMAGE } from "../docker/testing.ts";
import { count } from "./cut-fixture.ts";
import { removeDir, startAgent, startTestPanel, until, type AgentProcess, type TestPanel } from "./testing.ts";

const ready = await dockerReady();
const LINES = 40;

let panel: TestPanel;
let proxy: TcpProxy;
let agent: AgentProcess;
let serverId: string;
const fx = dockerFixtures("stream-cut");
const app = `skcut${randomId(4).toLowerCase().replace(/[^a-z0-9]/g, "x")}`;
const image = `sk-${app}:test`;
const context = mkdtempSync(join(tmpdir(), "sk-stream-cut-"));

const status = async () => panel.status(serverId);
const online = (ms = 90_000) => until(async () => expect(await status()).toBe("online"), ms, `agent online; it said:\n${agent?.output().slice(-3000)}`);
const target = () => panel.services.servers.target(serverId);
/** The project's containers, as Docker sees them (not through the link under test). */
const containers = async () => (await fx.docker(["ps", "-a", "--filter", `label=com.docker.compose.project=${app}`, "--format", "{{.Names}} {{.State}}"])).split("\n").filter(Boolean);

beforeAll(async () => {
  if (!ready) return;
  writeFileSync(
    join(context, "Dockerfile"),
    `FROM ${TEST_IMAGE}\nRUN i=1; while [ $i -le ${LINES} ]; do echo "build line $i"; i=$((i+1)); sleep 0.25; done\n`,
  );
  panel = await startTestPanel();
  proxy = startTcpProxy({ hostname: "127.0.0.1", port: panel.server.port! });
  const added = await panel.addServer();
  serverId = added.server.id;
  agent = startAgent([`--token=${added.token}`, "--panel", `http://127.0.0.1:${proxy.port}`]);
  await online(180_000);
  const compose = `services:\n  web:\n    build: ${context}\n    image: ${image}\n    command: ["sleep", "100000"]\n`;
  await (await target()).call("apps.files.write", { app, compose, env: "" });
}, 240_000);
afterAll(async () => {
  if (ready) {
    await fx.docker(["rm", "-f", ...(await containers()).map((l) => l.split(" ")[0]!)]).catch(() => undefined);
    await fx.docker(["network", "rm", `${app}_default`]).catch(() => undefined);
    await fx.docker(["rmi", "-f", image]).catch(() => undefined);
  }
  await agent?.stop();
  proxy?.stop();
  await panel?.stop();
  if (agent) removeDir(agent.dataDir);
  rmSync(context, { recursive: true, force: true });
});

describe.skipIf(!ready)("a deploy's output across a network cut", () => {
  test("the compose run goes on while cut off; the caller gets every line once, in order, and the end", async () => {
    const lines: string[] = [];
    let ended = false;
    const run = (async () => {
      for await (const chunk of (await target()).stream("compose.run", { app, action: "up" })) lines.push(chunk.line);
      ended = true;
    })();
    const numbered = () => lines.filter((l) => /^build line \d+$/.test(l));

    await until(async () => expect(numbered().length).toBeGreaterThanOrEqual(3), 120_000, "the build's first lines");
    const abandoned = count(agent.output(), "giving up on the connection");
    proxy.freeze();
    const seenBeforeCut = numbered().length;

    // Both sides give up on the silent link; the run goes on on the agent regardless.
    await until(async () => expect(await status()).toBe("offline"), 45_000, "the panel to notice the silence");
    await until(async () => expect(count(agent.output(), "giving up on the connection")).toBeGreaterThan(abandoned), 45_000, "the agent to notice");
    await until(async () => expect(await containers()).toEqual([expect.stringMatching(/ running$/)]), 120_000, "the container to come up while cut off");
    expect(ended).toBe(false); // the caller's stream is still open, waiting
    expect(numbered().length).toBeLessThan(LINES); // the rest is still on the agent

    proxy.thaw();
    await run; // ends cleanly: no connection_lost, and compose exited 0 (a non-zero exit ends with an error)
    expect(seenBeforeCut).toBeLessThan(LINES);
    expect(numbered()).toEqual(Array.from({ length: LINES }, (_, i) => `build line ${i + 1}`));
    expect(lines.some((l) => l.includes("lines of output were dropped"))).toBe(false);
    expect(lines.filter((l) => l.startsWith("Successfully tagged"))).toHaveLength(1);
    await online();
    expect(await containers()).toHaveLength(1); // compose ran once
  }, 300_000);
});
