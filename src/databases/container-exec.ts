// Running an engine's own tools inside its container (docker exec through the Target), so the
// tool always matches the server: the PostgreSQL 17 image's pg_dump, not the host's 15. Output
// comes back as a byte stream; input is fed in bounded chunks, each call answering once Docker
// took it, so memory stays flat for a dump of any size.
import { basename } from "node:path";
import type { Target } from "../docker/index.ts";
import { DomainError } from "../lib/errors.ts";
import { randomId } from "../lib/ids.ts";
import type { ContainerTools, ToolCommand } from "./engines/types.ts";
import { toolMessage } from "./tools.ts";

/** Where a container server's tools run. */
export interface ContainerRef {
  target: Target;
  /** The container's id or name. */
  container: string;
}

const CHUNK = 512 * 1024;
/** stderr kept for the error message: its tail is what says why. */
const STDERR_KEEP = 64 * 1024;

function argsOf(ref: ContainerRef, cmd: ToolCommand, stdinSession?: string) {
  return {
    id: ref.container,
    command: cmd.argv,
    env: Object.entries(cmd.env).map(([k, v]) => `${k}=${v}`),
    ...(stdinSession && { stdinSession }),
  };
}

/** A failed tool: code and message like the host tools' failures. */
const failed = (code: string, cmd: ToolCommand, stderr: string, exit: number | null) =>
  new DomainError("unavailable", code, `${basename(cmd.argv[0]!)} failed: ${toolMessage(stderr, exit)}`);

/** Streams a command's stdout; `done` (and the stream) fail when it exits non-zero. */
export function execOut(ref: ContainerRef, cmd: ToolCommand, code: string, signal?: AbortSignal): { stream: ReadableStream<Uint8Array>; done: Promise<void> } {
  const abort = new AbortController();
  signal?.addEventListener("abort", () => abort.abort(), { once: true });
  const it = ref.target.stream("containers.exec", argsOf(ref, cmd), abort.signal)[Symbol.asyncIterator]();
  let stderr = "";
  let settle!: (err?: unknown) => void;
  const done = new Promise<void>((resolve, reject) => (settle = (err) => (err === undefined ? resolve() : reject(err))));
  done.catch(() => undefined); // also reported through the stream
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (;;) {
          const next = await it.next();
          if (next.done) throw new DomainError("unavailable", code, "The command's output ended without an exit status.");
          const c = next.value;
          if ("exitCode" in c) {
            if (c.exitCode !== 0) throw failed(code, cmd, stderr, c.exitCode);
            settle();
            return controller.close();
          }
          const bytes = Buffer.from(c.data, "base64");
          if (c.stream === "stderr") stderr = (stderr + bytes.toString("utf8")).slice(-STDERR_KEEP);
          else if (bytes.length) return controller.enqueue(new Uint8Array(bytes));
        }
      } catch (err) {
        settle(err);
        controller.error(err);
      }
    },
    async cancel() {
      abort.abort();
      settle(new DomainError("unavailable", "db_job_cancelled", "The operation was cancelled."));
    },
  });
  return { stream, done };
}

/**
 * Runs a command to completion, feeding `input` (if any) to its stdin, and returns its stdout
 * (small: restore tools print little). A tool that stops reading early ends the feeding; its
 * exit status and stderr say why. An input that fails mid-way is that input's error, and the
 * tool is stopped rather than left to take a cut-off input for a whole one.
 */
export async function execRun(ref: ContainerRef, cmd: ToolCommand, o: { code: string; input?: ReadableStream<Uint8Array>; signal?: AbortSignal }): Promise<string> {
  const abort = new AbortController();
  o.signal?.addEventListener("abort", () => abort.abort(), { once: true });
  const session = o.input ? randomId(18) : undefined;
  let inputError: unknown;
  const feed = (async () => {
    if (!o.input || !session) return;
    const reader = o.input.getReader();
    try {
      if (cmd.stdinPrefix) await ref.target.call("containers.exec.stdin", { session, data: Buffer.from(cmd.stdinPrefix).toString("base64") });
      let pending: Uint8Array[] = [];
      let size = 0;
      const flush = async (end: boolean) => {
        const data = Buffer.concat(pending).toString("base64");
        pending = [];
        size = 0;
        await ref.target.call("containers.exec.stdin", { session, data, end });
      };
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (e) {
          inputError = e;
          abort.abort();
          return;
        }
        if (chunk.done) break;
        for (let off = 0; off < chunk.value.length; ) {
          const take = Math.min(CHUNK - size, chunk.value.length - off);
          pending.push(chunk.value.subarray(off, off + take));
          size += take;
          off += take;
          if (size >= CHUNK) await flush(false);
        }
      }
      await flush(true);
    } catch {
      // The command ended and takes no more input; its exit status says why.
      await reader.cancel().catch(() => undefined);
    }
  })();

  let stdout = "";
  let stderr = "";
  let exit: number | null = null;
  try {
    for await (const c of ref.target.stream("containers.exec", argsOf(ref, cmd, session), abort.signal)) {
      if ("exitCode" in c) exit = c.exitCode;
      else if (c.stream === "stderr") stderr = (stderr + Buffer.from(c.data, "base64").toString("utf8")).slice(-STDERR_KEEP);
      else stdout = (stdout + Buffer.from(c.data, "base64").toString("utf8")).slice(-STDERR_KEEP);
    }
  } catch (err) {
    if (inputError === undefined && !o.signal?.aborted) throw err;
  }
  await feed;
  if (o.signal?.aborted) throw new DomainError("unavailable", "db_job_cancelled", "The operation was cancelled.");
  if (inputError !== undefined) {
    throw new DomainError("invalid", "db_restore_input", `Reading the input failed: ${inputError instanceof Error ? inputError.message : String(inputError)}`);
  }
  if (exit !== 0) throw failed(o.code, cmd, stderr || stdout, exit);
  return stdout;
}

/** The engine's tools in a container, as whole-server engines' backup code uses them. */
export function containerTools(ref: ContainerRef, signal?: AbortSignal): ContainerTools {
  return {
    run: (cmd, input) => execRun(ref, cmd, { code: "db_tool_failed", input, signal }),
    out: (cmd) => execOut(ref, cmd, "db_dump_failed", signal),
  };
}
