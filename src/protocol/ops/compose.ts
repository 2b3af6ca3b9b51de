// App files and the Compose CLI on a managed server. An app is a folder
// `<appsDir>/<name>/` holding docker-compose.yml and .env, run as Compose project <name>.
import { z } from "zod";

export const appName = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "a DNS label: a-z, 0-9 and dashes");

const appFiles = z.object({ compose: z.string().max(1_000_000), env: z.string().max(1_000_000) });

export const composeCalls = {
  /** The app's current files, or nulls when it has none. */
  "apps.files.read": {
    args: z.object({ app: appName }),
    result: z.object({ compose: z.string().nullable(), env: z.string().nullable(), dir: z.string() }),
  },
  /** Replaces both files atomically (.env mode 0600). */
  "apps.files.write": {
    /** overlay: docker-compose.serverkit.yml merged over the app's file (null removes it). */
    args: appFiles.extend({ app: appName, overlay: z.string().max(1_000_000).nullable().default(null) }),
    result: z.object({ dir: z.string() }),
  },
  "apps.files.remove": { args: z.object({ app: appName }), result: z.object({ removed: z.boolean() }) },
  /** `compose config` on files in a scratch folder: the CLI's own verdict, before anything is written. */
  "compose.validate": {
    args: appFiles.extend({ app: appName }),
    result: z.object({ ok: z.boolean(), error: z.string().nullable(), cli: z.string() }),
  },
  /** The containers of one Compose project, whoever started them. */
  "compose.ps": {
    args: z.object({ app: appName }),
    result: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        service: z.string().nullable(),
        state: z.string(),
        status: z.string(),
        image: z.string(),
      }),
    ),
  },
  /** The last lines the project's containers wrote (to explain a failed start). */
  "compose.logs": {
    args: z.object({ app: appName, tail: z.number().int().min(1).max(1000).default(20) }),
    result: z.object({ lines: z.array(z.string()) }),
  },
  /** Which of these host ports can be bound right now (TCP, all interfaces). */
  "host.portsFree": {
    args: z.object({ ports: z.array(z.number().int().min(1).max(65535)).max(200) }),
    result: z.object({ free: z.array(z.number().int()) }),
  },
} as const;

export const composeActions = ["up", "down", "start", "stop", "restart"] as const;

export const composeStreams = {
  /** Runs `compose -p <app> <action>` in the app folder; output lines as they come. Fails on a non-zero exit. */
  "compose.run": {
    args: z.object({ app: appName, action: z.enum(composeActions), removeVolumes: z.boolean().default(false) }),
    chunk: z.object({ stream: z.enum(["stdout", "stderr"]), line: z.string() }),
  },
} as const;
