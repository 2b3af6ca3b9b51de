// Docker helpers for tests: is an engine there, and the registry-free image
// that scripts/test.sh imports (a static busybox with all applets and /www).
//
//   const docker = await dockerAvailable();
//   describe.skipIf(!docker)("containers", () => { ... });
//
// In CI (CI=true) or with SERVERKIT_REQUIRE_DOCKER=1, a missing engine should
// fail loudly instead of skipping: use `requireDocker()` in beforeAll.

/** Built by scripts/test.sh with `docker import` from busybox-static. */
export const TEST_IMAGE = "local/busybox:test";

/** Label put on everything a test creates, so leftovers can be removed. */
export const TEST_LABEL = "serverkit.test";

function socketPath(): string {
  const host = process.env.DOCKER_HOST;
  if (host?.startsWith("unix://")) return host.slice("unix://".length);
  return "/var/run/docker.sock";
}

let cached: Promise<boolean> | undefined;

/** True when a Docker engine answers /_ping on its unix socket (cached). */
export function dockerAvailable(): Promise<boolean> {
  cached ??= (async () => {
    try {
      const res = await fetch("http://docker/_ping", {
        unix: socketPath(),
        signal: AbortSignal.timeout(3000),
      } as RequestInit);
      return res.ok && (await res.text()).trim() === "OK";
    } catch {
      return false;
    }
  })();
  return cached;
}

/** Whether tests must fail (not skip) when Docker is missing. */
export function dockerRequired(): boolean {
  return process.env.CI === "true" || process.env.SERVERKIT_REQUIRE_DOCKER === "1";
}

/** Throws when Docker is required here but not available. */
export async function requireDocker(): Promise<boolean> {
  const ok = await dockerAvailable();
  if (!ok && dockerRequired()) {
    throw new Error(`Docker engine not answering on ${socketPath()} (start dockerd; scripts/test.sh does)`);
  }
  return ok;
}

export interface DockerResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Run the docker CLI; never throws on a non-zero exit (check exitCode). */
export async function dockerCli(args: string[], opts: { timeoutMs?: number; stdin?: string } = {}): Promise<DockerResult> {
  const proc = Bun.spawn(["docker", ...args], {
    stdin: opts.stdin === undefined ? "ignore" : new Blob([opts.stdin]),
    stdout: "pipe",
    stderr: "pipe",
  });
  const timer = setTimeout(() => proc.kill("SIGKILL"), opts.timeoutMs ?? 60_000);
  try {
    const [stdout, stderr, exitCode] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    return { exitCode, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

/** True when the test image exists locally. */
export async function testImageAvailable(): Promise<boolean> {
  if (!(await dockerAvailable())) return false;
  const res = await dockerCli(["image", "inspect", "--format", "{{.Id}}", TEST_IMAGE], { timeoutMs: 10_000 });
  return res.exitCode === 0;
}

/** Force-remove containers carrying `label` (default: the test label). */
export async function removeContainers(label = TEST_LABEL): Promise<void> {
  if (!(await dockerAvailable())) return;
  const ls = await dockerCli(["ps", "-aq", "--filter", `label=${label}`], { timeoutMs: 10_000 });
  const ids = ls.stdout.split(/\s+/).filter(Boolean);
  if (ids.length > 0) await dockerCli(["rm", "-f", "-v", ...ids], { timeoutMs: 30_000 });
}
