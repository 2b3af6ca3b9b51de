// A second copy of an app under a new name (backups restore one as a new app, e.g. for
// staging): its compose file and .env with new host ports (copy-compose.ts), recorded like any
// app, checked by the Compose CLI, not yet deployed. The caller fills volumes first and then
// deploys; a refused copy leaves no record and no port reservation behind.
import type { Principal } from "../auth/index.ts";
import { conflict } from "../lib/errors.ts";
import { adaptForCopy, parseEnvFile } from "./copy-compose.ts";
import { PortSession } from "./ports.ts";
import { prepareFromCompose, validateWithCli } from "./prepare.ts";
import type { AppRow } from "./repo.ts";
import type { AppsDeps } from "./service.ts";

export interface CopyInput {
  server: string;
  name: string;
  /** docker-compose.yml and .env of the app copied (as found in its folder). */
  compose: string;
  envFile: string;
  /** Keys replaced after the ports moved (the copy's own database credentials), and which are secret. */
  set: Record<string, string>;
  secret: string[];
  templateId: string | null;
  templateVersion: string | null;
  /** Who asked (the clone job's creator). */
  createdBy?: string | null;
}

export interface CopyResult {
  app: AppRow;
  moved: { service: string; from: number; to: number }[];
  notes: string[];
}

export async function createCopy(d: AppsDeps, actor: Principal | undefined, input: CopyInput): Promise<CopyResult> {
  const target = await d.servers.target(input.server);
  const now = Date.now();
  const row = await d.repo.insert({
    serverId: input.server,
    name: input.name,
    // Recorded as compose: a template re-render would bring back the original's values.
    source: "compose",
    templateId: input.templateId,
    templateVersion: input.templateVersion,
    compose: "",
    envEnc: d.box.encrypt("{}"),
    secretKeys: "[]",
    deployedCompose: null,
    deployedEnvEnc: null,
    status: "deploying",
    warnings: "[]",
    createdBy: input.createdBy ?? actor?.username ?? "console",
    createdAt: now,
    updatedAt: now,
  });
  if (!row) throw conflict("app_exists", `An app named "${input.name}" already exists on this server.`);
  try {
    const published = async () => (await target.call("docker.publishedPorts", {})).ports.map((p) => p.hostPort);
    const session = new PortSession(d.repo, target, row.id, d.ports, published);
    // The original still holds its ports, so every allocation lands on a different one.
    const adapted = await adaptForCopy(input.compose, parseEnvFile(input.envFile), (_old, service) => session.allocate(undefined, service));
    const prepared = await prepareFromCompose(actor, adapted.compose, { ...adapted.env, ...input.set }, session);
    await validateWithCli(target, input.name, prepared.compose, prepared.env);
    const secretKeys = [...new Set([...prepared.secretKeys, ...input.secret])].filter((k) => k in prepared.env);
    const app = (await d.repo.update(row.id, {
      compose: prepared.compose,
      envEnc: d.box.encrypt(JSON.stringify(prepared.env)),
      secretKeys: JSON.stringify(secretKeys),
      warnings: JSON.stringify(prepared.warnings),
    }))!;
    return { app, moved: adapted.moved, notes: adapted.notes };
  } catch (err) {
    await d.repo.delete(row.id);
    throw err;
  }
}
