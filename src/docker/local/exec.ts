// `docker exec` through the Engine API: create the exec, start it attached (the response body is
// the multiplexed output stream), then read its exit code. The command is an argument array given
// to Docker as is, so nothing is ever parsed by a shell unless the caller names one.
import type { StreamHandlers } from "../dispatch.ts";
import { CONTAINER_CODES } from "./containers.ts";
import { seg, type Engine } from "./engine.ts";
import { execStdinHandlers } from "./exec-stdin.ts";
import { FrameDecoder } from "./log-frames.ts";

type ExecStreams = Pick<StreamHandlers, "containers.exec">;

/** The exec stream, and the stdin call that feeds the ones started with a stdin session. */
export function execWithStdin(engine: Engine) {
  const stdin = execStdinHandlers(engine);
  return { calls: stdin.calls, streams: execHandlers(engine, stdin.run) };
}

export function execHandlers(engine: Engine, withStdin?: ReturnType<typeof execStdinHandlers>["run"]): ExecStreams {
  return {
    "containers.exec": async function* (args, signal) {
      if (args.stdinSession) {
        if (!withStdin) throw new Error("containers.exec: stdin is not wired on this server");
        yield* withStdin(args, signal);
        return;
      }
      const { Id } = await engine.json<{ Id: string }>("POST", `/containers/${seg(args.id)}/exec`, {
        codes: { ...CONTAINER_CODES, 409: "container_not_running" },
        body: { Cmd: args.command, AttachStdout: true, AttachStderr: true, Tty: false, User: args.user, WorkingDir: args.workingDir, Env: args.env },
      });
      const res = await engine.request("POST", `/exec/${seg(Id)}/start`, { body: { Detach: false, Tty: false }, signal });
      const frames = new FrameDecoder();
      if (res.body) {
        for await (const chunk of res.body) {
          for (const f of frames.push(chunk)) yield { stream: f.stream, data: Buffer.from(f.payload).toString("base64") };
        }
      }
      const info = await engine.get<{ ExitCode: number | null }>(`/exec/${seg(Id)}/json`);
      yield { exitCode: info.ExitCode ?? -1 };
    },
  };
}
