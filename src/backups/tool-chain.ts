// Command-line tools chained stdout -> stdin (tar | zstd), with what every caller needs around
// them: a small fixed environment, stderr kept only as a bounded tail, the other tools
// stopped as soon as one fails (one left writing into a pipe nobody reads would hang
// forever), and the failure blamed on the tool that actually broke, not on its neighbours.
import type { FileSink } from "bun";
import { closeSync, writeSync } from "node:fs";
import { osPipe } from "../lib/libc.ts";

export interface ToolFailure {
  tool: string;
  message: string;
}

export interface ToolChain {
  /** The first tool's stdin, when it was asked for. */
  stdin: FileSink | null;
  /** The last tool's stdout, when it was asked for. */
  stdout: ReadableStream<Uint8Array> | null;
  /** Settles once every tool has exited: null when all succeeded, else which one broke and why. */
  failure: Promise<ToolFailure | null>;
  /** Stops every tool still running. */
  kill(): void;
  /** The last few KiB of each tool's stderr, in chain order, once all have exited. */
  stderr: Promise<string[]>;
}

interface Outcome {
  tool: string;
  exit: number | null;
  signal: string | null;
  stoppedByUs: boolean;
  stderr: string;
}

const STDERR_TAIL = 4096;
const GRACE_MS = 500;
/** Kernel pipes between tools get this much buffer (the default 64 KiB makes each side wait on the other). */
const KERNEL_PIPE_BYTES = 1024 * 1024;

export function spawnChain(
  commands: string[][],
  o: {
    stdin: "pipe" | "ignore";
    /** A number is an fd the last tool writes to directly (a file being written). */
    stdout: "pipe" | "ignore" | number;
    /**
     * Tools talk through kernel pipes made here rather than through this process: Bun's
     * stdout-to-stdin hand-over relays every byte through JavaScript. Not with `between`.
     */
    kernelPipes?: boolean;
    /** What to call each tool in failures (default: its argv[0]). */
    names?: string[];
    /** Bytes (a key) the last tool reads on its fd 3, never in its argv or environment. */
    secretForLast?: Uint8Array;
    /** An exit that is not a failure for this chain (e.g. tar's "file changed"). */
    tolerate?: (r: { tool: string; exit: number | null; stderr: string }) => boolean;
    /** Passes the first tool's output through this on its way to the second (to look at it). */
    between?: TransformStream<Uint8Array, Uint8Array>;
  },
): ToolChain {
  const stopped = new Set<number>();
  const timers: ReturnType<typeof setTimeout>[] = [];
  const procs: Bun.Subprocess[] = [];
  let upstream: ReadableStream<Uint8Array> | null = null;
  let upstreamFd: number | null = null;
  let link: { read: number; write: number } | null = null;
  try {
    for (const [i, argv] of commands.entries()) {
      const last = i === commands.length - 1;
      link = !last && o.kernelPipes ? osPipe(KERNEL_PIPE_BYTES) : null;
      const secret = last && o.secretForLast !== undefined;
      const proc: Bun.Subprocess = Bun.spawn(argv, {
        env: toolEnv(),
        stdio: [upstreamFd ?? upstream ?? o.stdin, link?.write ?? (last ? o.stdout : "pipe"), "pipe", ...(secret ? ["pipe" as const] : [])],
      });
      procs.push(proc);
      // Our copies of a kernel pipe's ends must go, or its reader never sees the end.
      if (upstreamFd !== null) closeSync(upstreamFd);
      upstreamFd = null;
      if (link) closeSync(link.write);
      upstreamFd = link?.read ?? null;
      link = null;
      upstream = proc.stdout instanceof ReadableStream ? proc.stdout : null;
      if (i === 0 && !last && upstream && o.between) upstream = upstream.pipeThrough(o.between);
      if (secret) deliver(proc.stdio[3] as unknown as number, o.secretForLast!);
    }
  } catch (err) {
    // A tool that cannot start (not installed): the ones already running would wait forever
    // on a pipe nobody reads or writes.
    for (const fd of [upstreamFd, link?.read, link?.write]) if (fd != null) closeSync(fd);
    for (const p of procs) {
      p.kill();
      void (p.stderr as ReadableStream<Uint8Array>).cancel().catch(() => undefined);
    }
    throw err;
  }

  const kill = (except?: number) => {
    procs.forEach((p, i) => {
      if (i === except || p.exitCode !== null || p.signalCode !== null) return;
      stopped.add(i);
      p.kill();
    });
  };

  const outcomes = procs.map(async (proc, i): Promise<Outcome> => {
    const [exit, stderr] = await Promise.all([
      proc.exited.then((code) => {
        // The others get a moment to finish on their own first: a failing zstd closes its
        // output just before it exits, so tar may see the cut and exit before it, and
        // killing zstd then would lose the message that explains it.
        if (code !== 0 && !stopped.has(i)) timers.push(setTimeout(() => kill(i), GRACE_MS));
        return code;
      }),
      tailText(proc.stderr as ReadableStream<Uint8Array>),
    ]);
    return { tool: o.names?.[i] ?? commands[i]![0]!, exit, signal: proc.signalCode === null ? null : String(proc.signalCode), stoppedByUs: stopped.has(i), stderr };
  });

  const stderr = Promise.all(outcomes).then((all) => all.map((r) => r.stderr));
  const failure = Promise.all(outcomes).then((all) => {
    timers.forEach(clearTimeout);
    const failed = all.filter((r) => r.exit !== 0 && !o.tolerate?.(r));
    // Blame, in order: the first tool (upstream first: its failure cuts the input of the ones
    // after it) that exited with an error status of its own (one we stopped shows a signal
    // instead), unless it only complains of a broken pipe, which a neighbour's death causes;
    // then any failure we did not cause; then whatever failed.
    const own = failed.filter((r) => r.signal === null);
    const broke =
      own.find((r) => !/broken pipe/i.test(r.stderr)) ?? own[0] ?? failed.find((r) => !r.stoppedByUs) ?? failed[0];
    if (broke === undefined) return null;
    const why = broke.stderr || (broke.signal ? `stopped by ${broke.signal}` : `exit status ${broke.exit}`);
    return { tool: broke.tool, message: why };
  });

  const first = procs[0]!.stdin;
  return {
    stdin: first && typeof first === "object" ? (first as FileSink) : null,
    stdout: upstream,
    failure,
    kill: () => kill(),
    stderr,
  };
}

/**
 * Writes a few bytes into a tool's fd 3 and closes it; a pipe takes far more than a key
 * without blocking. A tool already gone cannot take them: its own exit says why.
 */
function deliver(fd: number, bytes: Uint8Array): void {
  try {
    for (let off = 0; off < bytes.byteLength; ) off += writeSync(fd, bytes, off);
  } catch {
    // reported through the tool's exit status
  } finally {
    closeSync(fd);
  }
}

/**
 * Copies a stream into a tool's stdin, one chunk at a time, waiting for the pipe to take each
 * before reading the next (that wait is the backpressure that keeps memory flat). Resolves
 * with the input's error when reading failed; a write failing because the tool exited is not
 * an error here, the tool's own exit status says why.
 */
export async function feed(input: ReadableStream<Uint8Array>, sink: FileSink, stop: Promise<unknown>): Promise<{ inputError?: unknown }> {
  const reader = input.getReader();
  // Once the tools are gone nobody will take more input: stop reading it.
  void stop.then(() => reader.cancel().catch(() => undefined));
  for (;;) {
    let next: Awaited<ReturnType<typeof reader.read>>;
    try {
      next = await reader.read();
    } catch (e) {
      return { inputError: e };
    }
    try {
      if (next.done) {
        await sink.end();
        return {};
      }
      sink.write(next.value);
      await sink.flush();
    } catch {
      await reader.cancel().catch(() => undefined);
      return {};
    }
  }
}

/**
 * A tool's stdout that only closes normally once `done` resolved, and errors with done's
 * error otherwise, so a consumer that merely pipes it never stores a cut-off output as whole.
 */
export function guardedOutput(stdout: ReadableStream<Uint8Array>, done: Promise<void>, onCancel: () => void): ReadableStream<Uint8Array> {
  const reader = stdout.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await reader.read();
      if (!next.done) return controller.enqueue(next.value);
      try {
        await done;
        controller.close();
      } catch (e) {
        controller.error(e);
      }
    },
    async cancel(reason) {
      onCancel();
      await reader.cancel(reason);
    },
  });
}

/** A fixed, minimal environment: no inherited ZSTD_CLEVEL, TAR_OPTIONS, locale... that would change what the tools do. */
function toolEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", LC_ALL: "C.UTF-8" };
}

/** The last few KiB of a stream as text: enough to explain a failure, bounded however chatty the tool. */
async function tailText(stream: ReadableStream<Uint8Array>): Promise<string> {
  let kept = new Uint8Array(0);
  for await (const chunk of stream) {
    const joined = new Uint8Array(Math.min(kept.byteLength + chunk.byteLength, STDERR_TAIL));
    const fromChunk = Math.min(chunk.byteLength, joined.byteLength);
    const fromKept = joined.byteLength - fromChunk;
    joined.set(kept.subarray(kept.byteLength - fromKept), 0);
    joined.set(chunk.subarray(chunk.byteLength - fromChunk), fromKept);
    kept = joined;
  }
  return new TextDecoder().decode(kept).trim();
}
