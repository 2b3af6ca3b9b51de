// Local implementations of the compose/app-file operations (protocol/ops/compose.ts).
import { mkdirSync } from "node:fs";
import type { CallHandlers, StreamHandlers } from "../dispatch.ts";
import { TargetError } from "../target.ts";
import { appDir, readAppFiles, removeAppFiles, validateCompose, writeAppFiles } from "./app-files.ts";
import { filters, type Engine } from "./engine.ts";
import { composeOnce, runCompose } from "./compose-cli.ts";
import { portsFree } from "./ports.ts";
import { existsSync } from "node:fs";
import { join } from "node:path";

type ComposeCalls = Pick<
  CallHandlers,
  "apps.files.read" | "apps.files.write" | "apps.files.remove" | "compose.validate" | "compose.ps" | "compose.logs" | "host.portsFree"
>;

export function composeHandlers(appsDir: string, engine: Engine): ComposeCalls {
  const ready = () => mkdirSync(appsDir, { recursive: true, mode: 0o700 });
  return {
    "apps.files.read": async ({ app }) => readAppFiles(appsDir, app),
    "apps.files.write": async ({ app, compose, env, overlay }) => (ready(), writeAppFiles(appsDir, app, compose, env, overlay)),
    "apps.files.remove": async ({ app }) => removeAppFiles(appsDir, app),
    "compose.validate": async ({ app, compose, env }) => (ready(), validateCompose(appsDir, app, compose, env)),
    "host.portsFree": async ({ ports }) => portsFree(ports),
    "compose.ps": async ({ app }) => {
      type Summary = { Id: string; Names: string[]; Labels: Record<string, string>; State: string; Status: string; Image: string };
      const list = await engine.get<Summary[]>(`/containers/json?all=1&${filters({ label: [`com.docker.compose.project=${app}`] })}`);
      return list.map((c) => ({
        id: c.Id,
        name: (c.Names[0] ?? c.Id).replace(/^\//, ""),
        service: c.Labels["com.docker.compose.service"] ?? null,
        state: c.State,
        status: c.Status,
        image: c.Image,
      }));
    },
    "compose.logs": async ({ app, tail }) => {
      const dir = appDir(appsDir, app);
      if (!existsSync(join(dir, "docker-compose.yml"))) return { lines: [] };
      const { output } = await composeOnce({ dir, project: app, args: ["logs", "--no-color", "--tail", String(tail)] });
      return { lines: output.split("\n").filter((l) => l.trim() && !/^Attaching to/.test(l)) };
    },
  };
}

const ACTION_ARGS = {
  up: ["up", "-d", "--remove-orphans"],
  down: ["down", "--remove-orphans"],
  start: ["start"],
  stop: ["stop"],
  restart: ["restart"],
} as const;

export function composeStreamHandlers(appsDir: string): Pick<StreamHandlers, "compose.run"> {
  return {
    "compose.run": ({ app, action, removeVolumes }, signal) => {
      const dir = appDir(appsDir, app);
      if (!existsSync(join(dir, "docker-compose.yml"))) {
        throw new TargetError("not_found", `App "${app}" has no docker-compose.yml on this server.`);
      }
      const args: string[] = [...ACTION_ARGS[action]];
      if (action === "down" && removeVolumes) args.push("--volumes");
      return runCompose({ dir, project: app, args, signal });
    },
  };
}
