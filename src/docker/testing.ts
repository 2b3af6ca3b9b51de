// Test support for anything that touches the real Docker engine: the Targets the shared suite
// runs against, and labelled fixtures (containers, volumes, networks) that are always removed,
// by this run's own label, so parallel test runs never remove each other's.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dockerAvailable, dockerCli, TEST_IMAGE, TEST_LABEL, testImageAvailable } from "../../test/harness/docker.ts";
import { randomId } from "../lib/ids.ts";
import { createLocalTarget, type Target } from "./index.ts";

export { TEST_IMAGE };
export const DOCKER_SOCKET = "/var/run/docker.sock";

/** Every Target implementation the Docker suite runs against; remote agents join this list. */
export function testTargets(): { name: string; make: () => Target }[] {
  const appsDir = mkdtempSync(join(tmpdir(), "sk-apps-"));
  return [{ name: "local (in-process)", make: () => createLocalTarget({ dockerSocket: DOCKER_SOCKET, appsDir }) }];
}

/** True when the engine answers and the registry-free test image is there. */
export async function dockerReady(): Promise<boolean> {
  if (!(await dockerAvailable()) || !(await testImageAvailable())) {
    if (process.env.CI === "true" || process.env.SERVERKIT_REQUIRE_DOCKER === "1") throw new Error("Docker engine or test image missing");
    return false;
  }
  return true;
}

async function must(args: string[]): Promise<string> {
  const r = await dockerCli(args, { timeoutMs: 60_000 });
  if (r.exitCode !== 0) throw new Error(`docker ${args.join(" ")} failed: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

export function dockerFixtures(prefix: string) {
  const run = `${prefix}-${randomId(4).toLowerCase().replace(/[^a-z0-9]/g, "x")}`;
  const label = `${TEST_LABEL}=${run}`;
  const name = (what: string) => `sk-${run}-${what}`;
  return {
    label,
    name,
    /** `docker run -d` with this run's label; returns the container name. */
    async run(what: string, args: string[], command: string[] = []): Promise<string> {
      await must(["run", "-d", "--name", name(what), "--label", label, ...args, TEST_IMAGE, ...command]);
      return name(what);
    },
    /** `docker create` (not started). */
    async create(what: string, args: string[], command: string[] = []): Promise<string> {
      await must(["create", "--name", name(what), "--label", label, ...args, TEST_IMAGE, ...command]);
      return name(what);
    },
    async volume(what: string): Promise<string> {
      await must(["volume", "create", "--label", label, name(what)]);
      return name(what);
    },
    async network(what: string): Promise<string> {
      await must(["network", "create", "--label", label, name(what)]);
      return name(what);
    },
    docker: must,
    /** Containers first (they hold volumes and networks), then the rest; never throws. */
    async cleanup(): Promise<void> {
      const ids = (kind: string[]) => dockerCli([...kind, "-q", "--filter", `label=${label}`]).then((r) => r.stdout.split(/\s+/).filter(Boolean));
      const containers = await ids(["ps", "-a"]);
      if (containers.length) await dockerCli(["rm", "-f", "-v", ...containers]);
      const volumes = await ids(["volume", "ls"]);
      if (volumes.length) await dockerCli(["volume", "rm", "-f", ...volumes]);
      const networks = await ids(["network", "ls"]);
      if (networks.length) await dockerCli(["network", "rm", ...networks]);
    },
  };
}

export type DockerFixtures = ReturnType<typeof dockerFixtures>;

/** Waits until `check` passes or the time is up (then throws its last error). */
export async function eventually<T>(check: () => Promise<T>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > end) throw err;
      await Bun.sleep(50);
    }
  }
}
