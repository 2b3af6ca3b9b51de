// Dumps and restores through the engines' own tools (mariadb-dump/mariadb, pg_dump/
// pg_restore/psql), streamed end to end so a large database never sits in memory. The
// engine files say which tool and arguments; this file only runs them and reports.
import { basename } from "node:path";
import { DomainError, invalid } from "../lib/errors.ts";
import { execOut, execRun, type ContainerRef } from "./container-exec.ts";
import { engineOf } from "./engines/index.ts";
import type { Conn, EngineId, ToolCommand } from "./engines/types.ts";
import { assertDbName } from "./names.ts";
import { baseEnv, toolMessage } from "./tools.ts";

export interface DumpOptions {
  conn: Conn;
  database: string;
  engine: EngineId;
  excludeTables?: string[];
  /** Tables dumped with their definition but without their rows. */
  schemaOnlyTables?: string[];
  signal?: AbortSignal;
  /** A container server: the tools run inside its container (their version matches the server's). */
  container?: ContainerRef;
}

export interface RestoreOptions {
  conn: Conn;
  database: string;
  engine: EngineId;
  format: "sql" | "sql.gz" | "pg-custom";
  input: ReadableStream<Uint8Array>;
  signal?: AbortSignal;
  /** Called with each chunk's size as it is read from `input` (compressed bytes for .sql.gz). */
  onBytes?: (n: number) => void;
  container?: ContainerRef;
}

/** How a tool in the server's own container connects: loopback, the container's port. */
export function insideConn(engine: EngineId, conn: Conn): Conn {
  return { ...conn, host: "127.0.0.1", port: engineOf(engine).container.containerPort };
}

/** In the container the tools are on PATH: the host's paths (/usr/lib/postgresql/15/bin/...) mean nothing there. */
export const inContainer = (cmd: ToolCommand): ToolCommand => ({ ...cmd, argv: [basename(cmd.argv[0]!), ...cmd.argv.slice(1)] });

const cancelled = () => new DomainError("unavailable", "db_job_cancelled", "The operation was cancelled.");

/**
 * Streams a consistent dump: mariadb-dump --single-transaction --routines --triggers --events
 * (plain SQL); pg_dump -Fc (custom format). A failing tool also errors the stream, so a
 * consumer that only pipes it (an upload) does not store a half dump as if it were whole.
 */
export function dumpStream(o: DumpOptions): { stream: ReadableStream<Uint8Array>; done: Promise<void> } {
  const database = assertDbName("database", o.database);
  if (o.container) {
    if (o.signal?.aborted) throw cancelled();
    const cmd = inContainer(engineOf(o.engine).dumpCommand(insideConn(o.engine, o.conn), database, o.excludeTables ?? [], o.schemaOnlyTables ?? []));
    return execOut(o.container, cmd, "db_dump_failed", o.signal);
  }
  const cmd = engineOf(o.engine).dumpCommand(o.conn, database, o.excludeTables ?? [], o.schemaOnlyTables ?? []);
  if (o.signal?.aborted) throw cancelled();
  const proc = Bun.spawn(cmd.argv, { env: { ...baseEnv(), ...cmd.env }, stdin: "ignore", stdout: "pipe", stderr: "pipe", signal: o.signal });
  const stderr = new Response(proc.stderr).text();
  const done = (async () => {
    const [exit, err] = await Promise.all([proc.exited, stderr]);
    if (o.signal?.aborted) throw cancelled();
    if (exit !== 0) throw new DomainError("unavailable", "db_dump_failed", `${basename(cmd.argv[0]!)} failed: ${toolMessage(err, exit)}`);
  })();
  done.catch(() => undefined); // also reported through the stream; a caller need not await both

  const reader = proc.stdout.getReader();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done: eof, value } = await reader.read();
      if (!eof) return controller.enqueue(value);
      try {
        await done;
        controller.close();
      } catch (e) {
        controller.error(e);
      }
    },
    async cancel(reason) {
      proc.kill();
      await reader.cancel(reason);
    },
  });
  return { stream, done };
}

/**
 * Restores into an existing (empty) database from a stream: plain SQL (.sql.gz is gunzipped
 * on the way) into mariadb or psql; pg_restore for PostgreSQL's custom format. Rejects with
 * the tool's own message when it fails, or with the input's error when the upload breaks.
 */
export async function restoreStream(o: RestoreOptions): Promise<void> {
  const database = assertDbName("database", o.database);
  const format = o.format === "pg-custom" ? "pg-custom" : "sql";
  const inside = o.container ? insideConn(o.engine, o.conn) : undefined;
  const cmd = await engineOf(o.engine).restoreCommand(o.conn, database, format, inside);
  if (o.signal?.aborted) throw cancelled();

  let input = o.input;
  if (o.onBytes) {
    const onBytes = o.onBytes;
    input = input.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ transform: (chunk, c) => (onBytes(chunk.byteLength), c.enqueue(chunk)) }));
  }
  if (o.format === "sql.gz") input = input.pipeThrough(new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>);
  if (o.container) {
    await execRun(o.container, inContainer(cmd), { code: "db_restore_failed", input, signal: o.signal });
    return;
  }

  const proc = Bun.spawn(cmd.argv, { env: { ...baseEnv(), ...cmd.env }, stdin: "pipe", stdout: "ignore", stderr: "pipe", signal: o.signal });
  const stderr = new Response(proc.stderr).text();
  const reader = input.getReader();
  // A tool that gives up early (a syntax error) stops the reading too.
  void proc.exited.then(() => reader.cancel().catch(() => undefined));

  let inputError: unknown;
  const pump = (async () => {
    try {
      if (cmd.stdinPrefix) await proc.stdin.write(cmd.stdinPrefix);
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (e) {
          inputError = e;
          proc.kill(); // never let the tool take a cut-off input for a whole one
          return;
        }
        if (chunk.done) break;
        await proc.stdin.write(chunk.value);
        await proc.stdin.flush(); // backpressure: wait for the pipe before reading more
      }
      await proc.stdin.end();
    } catch {
      // Writing failed because the tool exited; its exit status and stderr say why.
    }
  })();

  const [exit, err] = await Promise.all([proc.exited, stderr, pump]);
  if (o.signal?.aborted) throw cancelled();
  if (inputError !== undefined) {
    const why = inputError instanceof Error ? inputError.message : String(inputError);
    throw invalid("db_restore_input", `Reading the ${o.format === "sql.gz" ? "compressed " : ""}input failed: ${why}`);
  }
  if (exit !== 0) throw invalid("db_restore_failed", `${basename(cmd.argv[0]!)} failed: ${toolMessage(err, exit)}`);
}
