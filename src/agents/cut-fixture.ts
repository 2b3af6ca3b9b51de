// Shared by the network-cut tests: a container whose every start appends a line to a file on the
// host, so "how many times did the restart run" is read off the file. Its main process (PID 1,
// no TERM handler) ignores SIGTERM, so a restart waits out its grace period: a call that takes
// seconds, long enough to cut the link in the middle of it.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dockerFixtures } from "../docker/testing.ts";
import type { Target } from "../docker/index.ts";
import type { TestPanel } from "./testing.ts";
import { until } from "./testing.ts";

export async function restartCounter(prefix: string) {
  const fx = dockerFixtures(prefix);
  const dir = mkdtempSync(join(tmpdir(), "sk-cut-"));
  const container = await fx.run("starts", ["-v", `${dir}:/out`], ["sh", "-c", "echo start >> /out/starts; echo started; exec sleep 100000"]);
  const starts = () => {
    try {
      return readFileSync(join(dir, "starts"), "utf8").split("\n").filter(Boolean).length;
    } catch {
      return 0;
    }
  };
  await until(async () => {
    if (starts() !== 1) throw new Error(`${starts()} starts`);
  }, 60_000, "the container's first start");
  return {
    container,
    starts,
    /** True once Docker has begun a restart (its SIGTERM) after `since` (ms): the agent is running the call. */
    async restarting(since: number): Promise<boolean> {
      const args = ["events", "--since", (since / 1000).toFixed(3), "--until", (Date.now() / 1000).toFixed(3)];
      const out = await fx.docker([...args, "--filter", `container=${container}`, "--filter", "event=kill", "--format", "{{.Action}}"]);
      return out.length > 0;
    },
    /**
     * Waits for the count to reach `n` (the start line lags a moment behind Docker's answer),
     * then checks it stays there: a second run would add its line right after the first.
     */
    async expectStarts(n: number): Promise<void> {
      await until(async () => {
        if (starts() !== n) throw new Error(`${starts()} starts, expected ${n}`);
      }, 30_000, `${n} starts`);
      await Bun.sleep(1000);
      if (starts() !== n) throw new Error(`${starts()} starts, expected ${n}: the restart ran again`);
    },
    /** The call under test: takes the 2 s grace period plus Docker's own time. */
    restart: (target: Target) => target.call("containers.action", { id: container, action: "restart", timeoutSeconds: 2 }),
    async cleanup() {
      await fx.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves with the command frame the panel sends for `op` (through the hub's test tap). */
export function nextCommand(panel: TestPanel, op: string): Promise<string> {
  return new Promise((resolve) => {
    panel.services.agents.testing.tap((_id, frame) => {
      if (JSON.parse(JSON.parse(frame).payload).op !== op) return;
      panel.services.agents.testing.tap(undefined);
      resolve(frame);
    });
  });
}

export const count = (text: string, needle: string) => text.split(needle).length - 1;
