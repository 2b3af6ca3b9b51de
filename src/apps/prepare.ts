// Turning a request (template + answers, or pasted compose + env) into the files to deploy:
// rendered compose text, env map, secret keys and port reservations. Everything is checked
// here, before any job starts, so a bad request changes nothing.
import type { Principal } from "../auth/index.ts";
import { can } from "../auth/index.ts";
import type { Target } from "../docker/index.ts";
import { forbidden, invalid } from "../lib/errors.ts";
import { composeToYaml, renderCompose, resolveVariables, type Template } from "../templates/index.ts";
import { parseCompose, publishedPorts } from "./compose-model.ts";
import { checkEnv, renderEnvFile } from "./env-file.ts";
import { privilegedFeatures } from "./policy.ts";
import type { PortSession } from "./ports.ts";

export interface Prepared {
  compose: string;
  env: Record<string, string>;
  secretKeys: string[];
  warnings: string[];
}

/** Admin-only compose features; the error lists exactly what was found. */
export function checkPolicy(actor: Principal | undefined, composeText: string): string[] {
  const found = privilegedFeatures(parseCompose(composeText));
  if (found.length && actor && !can(actor.role, "apps:privileged")) {
    throw forbidden("privileged_compose", `Only admins and owners may deploy this: ${found.join("; ")}.`);
  }
  return found.map((f) => `Privileged: ${f}`);
}

/** Reserves every host port the compose file publishes (already-held ones of this app pass). */
export async function claimPorts(session: PortSession, composeText: string, env: Record<string, string>): Promise<void> {
  for (const p of publishedPorts(parseCompose(composeText), env)) await session.claim(p.hostPort, p.service, p.containerPort);
}

/** The Compose CLI on the target server has the last word on validity. */
export async function validateWithCli(target: Target, app: string, compose: string, env: Record<string, string>): Promise<void> {
  const verdict = await target.call("compose.validate", { app, compose, env: renderEnvFile(env) });
  if (!verdict.ok) throw invalid("invalid_compose", `The Compose CLI refused the file: ${verdict.error}`, { cli: verdict.error });
}

export async function prepareFromTemplate(
  actor: Principal | undefined,
  template: Template,
  answers: Record<string, unknown>,
  app: string,
  session: PortSession,
): Promise<Prepared> {
  const resolved = await resolveVariables(template, answers, { allocatePort: (preferred) => session.allocate(preferred) }, app);
  const compose = composeToYaml(renderCompose(template, resolved.values));
  const warnings = checkPolicy(actor, compose);
  const { APP_NAME: _appName, ...env } = resolved.values;
  await claimPorts(session, compose, env);
  return { compose, env, secretKeys: resolved.secrets, warnings };
}

export async function prepareFromCompose(
  actor: Principal | undefined,
  composeText: string,
  env: Record<string, string>,
  session: PortSession,
): Promise<Prepared> {
  checkEnv(env);
  const warnings = checkPolicy(actor, composeText);
  await claimPorts(session, composeText, env);
  const secretKeys = Object.keys(env).filter((k) => /PASS|SECRET|TOKEN|KEY|PRIVATE/i.test(k));
  return { compose: composeText, env, secretKeys, warnings };
}
