// The app job kinds. A deploy writes the files, runs `compose up -d`, then checks that every
// container is still running a few seconds later. When anything fails, the app goes back to
// its last good configuration, or, for a first deploy, is removed without a trace.
import { z } from "zod";
import type { JobContext, JobKind } from "../jobs/index.ts";
import type { Target } from "../docker/index.ts";
import { renderEnvFile } from "./env-file.ts";
import type { AppRow } from "./repo.ts";

export interface DeployDeps {
  app(id: number): Promise<AppRow | undefined>;
  target(serverId: string): Promise<Target>;
  decryptEnv(sealed: string): Record<string, string>;
  markDeployed(app: AppRow): Promise<void>;
  restoreLastGood(app: AppRow): Promise<AppRow>;
  setStatus(id: number, status: AppRow["status"]): Promise<void>;
  forget(id: number): Promise<void>;
  /** docker-compose.serverkit.yml for the app (linked databases), or null. */
  overlay(app: AppRow): Promise<string | null>;
  /** How long containers must stay up after `up` to count as started. */
  settleMs: number;
}

const params = z.object({ appId: z.number().int().positive() });
type Params = z.infer<typeof params>;

async function runCompose(ctx: JobContext, target: Target, app: string, action: "up" | "down" | "start" | "stop" | "restart", from: number, to: number, removeVolumes = false) {
  let lines = 0;
  for await (const chunk of target.stream("compose.run", { app, action, removeVolumes }, ctx.signal)) {
    ctx.log(chunk.line, chunk.stream === "stderr" && /error|failed/i.test(chunk.line) ? "warn" : "info");
    // Compose prints a few lines per container; move the bar a little each time, never past `to`.
    lines++;
    ctx.progress(from + (to - from) * (1 - 1 / (1 + lines / 6)));
  }
  ctx.progress(to);
}

/**
 * Every container of the project must be running, and still running `settleMs` later: a
 * container that exits at once (bad config, missing file) is a failed deploy. Polls, so a
 * crash is reported as soon as it happens.
 */
async function verifyRunning(ctx: JobContext, target: Target, app: string, settleMs: number): Promise<void> {
  const until = Date.now() + settleMs;
  for (;;) {
    const containers = await target.call("compose.ps", { app });
    if (containers.length === 0) throw new Error("Compose reported success but no container exists.");
    const down = containers.filter((c) => c.state !== "running");
    if (down.length) {
      for (const c of containers) ctx.log(`${c.name}: ${c.state} (${c.status})`);
      const { lines } = await target.call("compose.logs", { app, tail: 15 });
      for (const l of lines) ctx.log(l, "warn");
      throw new Error(`${down.map((c) => `${c.service ?? c.name} is ${c.state} (${c.status})`).join(", ")}.`);
    }
    if (Date.now() >= until) {
      for (const c of containers) ctx.log(`${c.name}: ${c.state} (${c.status})`);
      return;
    }
    await Bun.sleep(Math.min(250, until - Date.now()));
  }
}

async function writeFiles(target: Target, app: AppRow, env: Record<string, string>, overlay: string | null) {
  await target.call("apps.files.write", { app: app.name, compose: app.compose, env: renderEnvFile(env), overlay });
}

export function deployKind(deps: DeployDeps): JobKind<Params> {
  return {
    kind: "apps.deploy",
    resumable: false,
    params,
    async run(ctx, { appId }) {
      const app = await deps.app(appId);
      if (!app) throw new Error("The app no longer exists.");
      const target = await deps.target(app.serverId);
      const firstDeploy = app.deployedCompose === null;
      await deps.setStatus(app.id, "deploying");
      try {
        await ctx.step("Writing docker-compose.yml and .env", 10, async () => writeFiles(target, app, deps.decryptEnv(app.envEnc), await deps.overlay(app)));
        ctx.progress(10, "Starting containers (compose up)");
        await runCompose(ctx, target, app.name, "up", 10, 85);
        await ctx.step("Checking that the containers stay up", 100, () => verifyRunning(ctx, target, app.name, deps.settleMs));
        await deps.markDeployed(app);
        return { app: app.name };
      } catch (err) {
        ctx.log(`Deploy failed: ${(err as Error).message}`, "error");
        await rollBack(ctx, deps, target, app, firstDeploy);
        throw err;
      }
    },
  };
}

async function rollBack(ctx: JobContext, deps: DeployDeps, target: Target, app: AppRow, firstDeploy: boolean): Promise<void> {
  // A cancelled job's signal is aborted; clean-up must still run to completion.
  const quiet = { ...ctx, signal: new AbortController().signal } as JobContext;
  try {
    if (firstDeploy) {
      ctx.log("Rolling back: removing the containers, networks and volumes this deploy created.", "warn");
      await runCompose(quiet, target, app.name, "down", 0, 0, true).catch((e) => ctx.log(`compose down: ${(e as Error).message}`, "warn"));
      await target.call("apps.files.remove", { app: app.name });
      await deps.forget(app.id);
      ctx.log("Rolled back: nothing of the app is left.", "warn");
    } else {
      ctx.log("Rolling back to the last configuration that worked.", "warn");
      const good = await deps.restoreLastGood(app);
      await writeFiles(target, good, deps.decryptEnv(good.envEnc), await deps.overlay(good));
      await runCompose(quiet, target, app.name, "up", 0, 0);
      await deps.setStatus(app.id, "running");
      ctx.log("Rolled back: the previous version is running again.", "warn");
    }
  } catch (err) {
    ctx.log(`Roll-back failed too: ${(err as Error).message}`, "error");
    if (!firstDeploy) await deps.setStatus(app.id, "failed");
  }
}

export function lifecycleKind(deps: DeployDeps, action: "start" | "stop" | "restart"): JobKind<Params> {
  return {
    kind: `apps.${action}`,
    resumable: true,
    params,
    async run(ctx, { appId }) {
      const app = await deps.app(appId);
      if (!app) throw new Error("The app no longer exists.");
      ctx.progress(5, `compose ${action}`);
      await runCompose(ctx, await deps.target(app.serverId), app.name, action, 5, 100);
      await deps.setStatus(app.id, action === "stop" ? "stopped" : "running");
      return { app: app.name };
    },
  };
}

const removeParams = params.extend({ removeVolumes: z.boolean() });

export function removeKind(deps: DeployDeps): JobKind<z.infer<typeof removeParams>> {
  return {
    kind: "apps.remove",
    resumable: true,
    params: removeParams,
    async run(ctx, { appId, removeVolumes }) {
      const app = await deps.app(appId);
      if (!app) return { removed: false };
      const target = await deps.target(app.serverId);
      await deps.setStatus(app.id, "removing");
      ctx.progress(5, removeVolumes ? "compose down --volumes" : "compose down (volumes kept)");
      await runCompose(ctx, target, app.name, "down", 5, 80, removeVolumes).catch((err) => {
        // Files already gone (removed by hand): nothing for Compose to take down; carry on.
        if ((err as { code?: string }).code !== "not_found") throw err;
        ctx.log("The app folder was already gone; removing the record.", "warn");
      });
      await ctx.step("Removing the app folder", 95, () => target.call("apps.files.remove", { app: app.name }));
      await deps.forget(app.id);
      ctx.log(removeVolumes ? "Removed, with its volumes." : "Removed. Its named volumes were kept.");
      return { removed: true, volumesRemoved: removeVolumes };
    },
  };
}
