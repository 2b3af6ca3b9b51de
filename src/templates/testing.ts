// Test support: the Compose CLI as the judge of rendered compose files, and a fake port
// allocator. Never imported by production code.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ResolveHooks } from "./variables.ts";

let found: string[] | undefined;

/**
 * The Compose CLI command: docker-compose v1 (Debian's package, installed by scripts/test.sh)
 * or else the `docker compose` plugin. Throws when neither exists: the template tests must
 * fail on such a machine, not skip and pass.
 */
export function composeCommand(): string[] {
  if (found) return found;
  if (Bun.which("docker-compose")) return (found = ["docker-compose"]);
  if (Bun.which("docker") && Bun.spawnSync(["docker", "compose", "version"]).exitCode === 0) {
    return (found = ["docker", "compose"]);
  }
  throw new Error("Neither docker-compose nor the docker compose plugin is installed; run scripts/test.sh.");
}

export interface ComposeVerdict {
  ok: boolean;
  stderr: string;
}

/** Writes `yaml` to a temp file and runs `<compose> -f FILE config -q` on it. */
export async function composeConfig(yaml: string): Promise<ComposeVerdict> {
  const dir = mkdtempSync(join(tmpdir(), "sk-tpl-"));
  try {
    const file = join(dir, "docker-compose.yml");
    writeFileSync(file, yaml);
    // An empty project directory: no stray .env can feed interpolation.
    const proc = Bun.spawn([...composeCommand(), "-f", file, "--project-directory", dir, "config", "-q"], {
      cwd: dir,
      stdout: "ignore",
      stderr: "pipe",
    });
    const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
    return { ok: code === 0, stderr: stderr.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `fn` over `items` with at most `limit` at once, keeping the order of results. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Hands out distinct ports from `start` and records what it was asked for. */
export function fakeAllocator(start = 20000): ResolveHooks & { calls: (number | undefined)[] } {
  let next = start;
  const calls: (number | undefined)[] = [];
  return {
    calls,
    async allocatePort(preferred?: number) {
      calls.push(preferred);
      return next++;
    },
  };
}
