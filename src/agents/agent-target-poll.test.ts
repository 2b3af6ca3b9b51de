// The shared Target suite against a real agent process on `--transport poll` (HTTPS long-poll).
import { join } from "node:path";
import { registerTargetSuite } from "../docker/target-suite.ts";
import { removeDir, startAgent, startTestPanel, until, type AgentProcess, type TestPanel } from "./testing.ts";

let panel: TestPanel;
let agent: AgentProcess;

await registerTargetSuite(
  "agent over HTTPS long-poll (separate process)",
  async () => {
    panel = await startTestPanel();
    const added = await panel.addServer();
    agent = startAgent([`--token=${added.token}`, "--panel", panel.url, "--transport", "poll"]);
    await until(async () => {
      if ((await panel.status(added.server.id)) !== "online") throw new Error(`not online yet; agent said:\n${agent.output()}`);
    }, 180_000, "the agent to come online");
    return { target: await panel.services.servers.target(added.server.id), appsDir: join(agent.dataDir, "apps") };
  },
  async () => {
    await agent?.stop();
    await panel?.stop();
    if (agent) removeDir(agent.dataDir);
  },
);
