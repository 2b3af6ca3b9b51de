// Runs the Compose CLI: `docker compose` (v2) where the plugin exists, else `docker-compose` (v1).
// Always argument arrays, never a shell.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { TargetError } from "../target.ts";
import { mergeLines, type OutputLine } from "./lines.ts";

let detected: Promise<string[]> | undefined;

async function works(cmd: string[]): Promise<boolean> {
  try {
    const p = Bun.spawn([...cmd, "version"], { stdout: "ignore", stderr: "ignore", stdin: "ignore" });
    return (await p.exited) === 0;
  } catch {
    return false; // executable not installed
  }
}

/** The command prefix, found once per process. */
export function composeCommand(): Promise<string[]> {
  return (detected ??= (async () => {
    if (await works(["docker", "compose"])) return ["docker", "compose"];
    if (await works(["docker-compose"])) return ["docker-compose"];
    detected = undefined; // maybe installed later: look again next time
    throw new TargetError("compose_missing", "Neither `docker compose` nor `docker-compose` is installed on this server.");
  })());
}

export interface ComposeRun {
  /** Folder holding docker-compose.yml and .env; also the working directory. */
  dir: string;
  project: string;
  args: string[];
  signal?: AbortSignal;
}

/** Streams the CLI's output; throws with the last error lines when it exits non-zero. */
export async function* runCompose(run: ComposeRun): AsyncIterable<OutputLine> {
  const cli = await composeCommand();
  // The panel's overlay (linked databases) rides along whenever it exists, so `down`, `logs`
  // and `ps` see the same project the last `up` created.
  const files = ["-f", "docker-compose.yml", ...(existsSync(join(run.dir, "docker-compose.serverkit.yml")) ? ["-f", "docker-compose.serverkit.yml"] : [])];
  const proc = Bun.spawn([...cli, "--ansi", "never", "-p", run.project, ...files, ...run.args], {
    cwd: run.dir,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, COMPOSE_PROJECT_NAME: run.project },
  });
  const onAbort = () => proc.kill("SIGTERM");
  run.signal?.addEventListener("abort", onAbort, { once: true });
  const tail: string[] = [];
  try {
    for await (const l of mergeLines(proc.stdout, proc.stderr)) {
      if (l.line.trim()) {
        tail.push(l.line);
        if (tail.length > 8) tail.shift();
      }
      yield l;
    }
    const code = await proc.exited;
    if (run.signal?.aborted) throw new TargetError("cancelled", "cancelled");
    if (code !== 0) {
      throw new TargetError("compose_failed", `${cli.join(" ")} ${run.args[0]} exited with ${code}: ${tail.slice(-3).join(" | ") || "no output"}`);
    }
  } finally {
    run.signal?.removeEventListener("abort", onAbort);
    if (proc.exitCode === null) proc.kill("SIGKILL");
  }
}

/** Runs to completion and collects the output (for short commands like `config`). */
export async function composeOnce(run: ComposeRun): Promise<{ ok: boolean; output: string }> {
  const lines: string[] = [];
  try {
    for await (const l of runCompose(run)) lines.push(l.line);
    return { ok: true, output: lines.join("\n") };
  } catch (err) {
    if (err instanceof TargetError && err.code === "compose_failed") return { ok: false, output: lines.join("\n") };
    throw err;
  }
}
