// Pre/post hooks: a command run inside one of the app's containers just before its parts are
// read (flush caches, enter maintenance mode, `redis-cli SAVE`...) and just after (leave it).
// The command is an argument array handed to Docker's exec as is: no shell unless the user
// writes one (["sh", "-c", "..."]), so nothing of it is ever re-quoted by us.
import { z } from "zod";
import type { Target } from "../docker/target.ts";
import { invalid } from "../lib/errors.ts";

const hookSchema = z
  .object({
    /** The compose service whose (first running) container runs the command. */
    service: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "a compose service name"),
    command: z.array(z.string().min(1).max(4096)).min(1).max(64),
    timeoutSeconds: z.number().int().min(1).max(3600).default(300),
  })
  .strict();
export type Hook = z.infer<typeof hookSchema>;

export const hooksSchema = z.object({ pre: hookSchema.optional(), post: hookSchema.optional() }).strict();
export type Hooks = z.infer<typeof hooksSchema>;

export const parseHooks = (json: string | null): Hooks => (json ? hooksSchema.parse(JSON.parse(json)) : {});

/** What running a hook needs: where to log, and the server's Docker. */
export interface HookRun {
  log(line: string, level?: "info" | "warn" | "error"): void;
  target: Target;
  app: string;
  signal: AbortSignal;
}

const LABEL = { pre: "before", post: "after" } as const;

/** Runs a hook in the first running container of its service; throws with the exit code when it fails. */
export async function runHook(which: keyof Hooks, hook: Hook, run: HookRun): Promise<void> {
  const name = `The ${LABEL[which]}-backup hook (${hook.command.join(" ").slice(0, 200)})`;
  const containers = await run.target.call("containers.list", { all: false });
  const c = containers.find((x) => x.app === run.app && x.service === hook.service && x.state === "running");
  if (!c) throw invalid("hook_service_not_running", `${name} runs in service "${hook.service}" of ${run.app}, which has no running container.`);
  run.log(`Running ${name} in ${c.name}`);
  const timeout = AbortSignal.timeout(hook.timeoutSeconds * 1000);
  const decoder = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  let exitCode: number | null = null;
  try {
    for await (const chunk of run.target.stream("containers.exec", { id: c.id, command: hook.command }, AbortSignal.any([run.signal, timeout]))) {
      if ("exitCode" in chunk) exitCode = chunk.exitCode;
      else for (const line of decoder[chunk.stream].decode(Buffer.from(chunk.data, "base64"), { stream: true }).split("\n")) if (line.trim()) run.log(`  ${line}`, chunk.stream === "stderr" ? "warn" : "info");
    }
  } catch (err) {
    if (timeout.aborted) throw invalid("hook_timeout", `${name} did not finish within ${hook.timeoutSeconds} s.`);
    throw err;
  }
  if (exitCode !== 0) throw invalid("hook_failed", `${name} failed with exit code ${exitCode}.`);
  run.log(`${name} finished`);
}
