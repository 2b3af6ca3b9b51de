// `docker exec -i`: a command in a running container whose stdin the caller feeds (a dump being
// restored by the engine's own tool). The Engine API hands stdin over on a hijacked connection,
// which fetch cannot do, so the start request is written on a raw socket and the connection is
// then both the output stream (Docker's multiplexed frames) and stdin; half-closing it is EOF.
// The stream runs the command; "containers.exec.stdin" calls find it by the caller's session id.
import { createConnection, type Socket } from "node:net";
import { DomainError } from "../../lib/errors.ts";
import type { CallHandlers, StreamHandlers } from "../dispatch.ts";
import { CONTAINER_CODES } from "./containers.ts";
import { seg, type Engine } from "./engine.ts";
import { FrameDecoder } from "./log-frames.ts";

type ExecArgs = Parameters<StreamHandlers["containers.exec"]>[0];
type ExecChunks = ReturnType<StreamHandlers["containers.exec"]>;

interface Session {
  write(data: Uint8Array): Promise<void>;
  end(): void;
}

/** How long a stdin call waits for its exec to start (the stream and the first write race). */
const ATTACH_WAIT_MS = 30_000;
const MAX_HEADER = 16 * 1024;

const ended = () => new DomainError("unavailable", "exec_ended", "The command has already ended; it takes no more input.");

export function execStdinHandlers(engine: Engine) {
  const sessions = new Map<string, Session>();
  const waiting = new Map<string, (() => void)[]>();

  function register(id: string, s: Session): void {
    sessions.set(id, s);
    for (const wake of waiting.get(id) ?? []) wake();
    waiting.delete(id);
  }

  async function find(id: string): Promise<Session> {
    const now = sessions.get(id);
    if (now) return now;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ATTACH_WAIT_MS);
      waiting.set(id, [...(waiting.get(id) ?? []), () => (clearTimeout(timer), resolve())]);
    });
    const later = sessions.get(id);
    if (!later) throw new DomainError("not_found", "exec_session_not_found", "No running command has this stdin session.");
    return later;
  }

  const calls: Pick<CallHandlers, "containers.exec.stdin"> = {
    "containers.exec.stdin": async ({ session, data, end }) => {
      const s = await find(session);
      if (data) await s.write(Buffer.from(data, "base64"));
      if (end) s.end();
      return {};
    },
  };

  async function* run(args: ExecArgs, signal: AbortSignal): ExecChunks {
    const session = args.stdinSession!;
    const { Id } = await engine.json<{ Id: string }>("POST", `/containers/${seg(args.id)}/exec`, {
      codes: { ...CONTAINER_CODES, 409: "container_not_running" },
      body: { Cmd: args.command, AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: false, User: args.user, WorkingDir: args.workingDir, Env: args.env },
    });
    const { socket, rest } = await hijack(engine.socket, `/exec/${seg(Id)}/start`, signal);
    let open = true;
    socket.on("close", () => (open = false));
    register(session, {
      write: (data) =>
        new Promise<void>((resolve, reject) => {
          if (!open || socket.writableEnded) return reject(ended());
          socket.write(data, (err) => (err ? reject(ended()) : resolve()));
        }),
      end: () => {
        if (open && !socket.writableEnded) socket.end();
      },
    });
    const onAbort = () => socket.destroy();
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      const frames = new FrameDecoder();
      const out = (chunk: Uint8Array) => frames.push(chunk).map((f) => ({ stream: f.stream, data: Buffer.from(f.payload).toString("base64") }));
      if (rest.length) yield* out(rest);
      for await (const chunk of socket as AsyncIterable<Buffer>) yield* out(chunk);
    } finally {
      signal.removeEventListener("abort", onAbort);
      sessions.delete(session);
      socket.destroy();
    }
    const info = await engine.get<{ ExitCode: number | null; Running: boolean }>(`/exec/${seg(Id)}/json`);
    yield { exitCode: info.ExitCode ?? -1 };
  }

  return { calls, run };
}

/** POSTs an exec start on a raw connection and returns it once Docker has switched it to the raw stream. */
function hijack(socketPath: string, path: string, signal: AbortSignal): Promise<{ socket: Socket; rest: Buffer }> {
  const body = JSON.stringify({ Detach: false, Tty: false });
  return new Promise((resolve, reject) => {
    const socket = createConnection({ path: socketPath, allowHalfOpen: true });
    let head = Buffer.alloc(0);
    const fail = (err: Error) => {
      socket.destroy();
      reject(err instanceof DomainError ? err : new DomainError("unavailable", "docker_unavailable", `Docker exec attach failed: ${err.message}`));
    };
    const onAbort = () => fail(new Error("cancelled"));
    signal.addEventListener("abort", onAbort, { once: true });
    socket.once("error", fail);
    socket.once("connect", () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    });
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) {
        if (head.length > MAX_HEADER) fail(new Error("over-long response header"));
        return;
      }
      socket.off("data", onData);
      socket.pause();
      socket.off("error", fail);
      socket.on("error", () => undefined); // from here on the reader sees errors (as an early end)
      signal.removeEventListener("abort", onAbort);
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head.subarray(0, end).toString("latin1"))?.[1]);
      if (status !== 101 && status !== 200) {
        const text = head.subarray(end + 4).toString("utf8").trim();
        socket.destroy();
        return reject(new DomainError(status === 409 ? "conflict" : "unavailable", status === 409 ? "container_not_running" : "docker_error", text || `Docker answered ${status}.`));
      }
      resolve({ socket, rest: head.subarray(end + 4) });
    };
    socket.on("data", onData);
  });
}
