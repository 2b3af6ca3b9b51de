// Apps: create (from a template or pasted compose), change, start/stop, remove. Every change
// that touches the server is a job; this file checks and records, the jobs act.
import type { Principal } from "../auth/index.ts";
import type { Jobs, PublicJob } from "../jobs/index.ts";
import type { SecretBox } from "../lib/crypto.ts";
import { conflict, invalid, notFound } from "../lib/errors.ts";
import type { Servers } from "../servers/index.ts";
import type { TemplateLibrary } from "../templates/index.ts";
import { PortSession, type PortRange } from "./ports.ts";
import { prepareFromCompose, prepareFromTemplate, validateWithCli, type Prepared } from "./prepare.ts";
import type { AppRow, AppsRepo } from "./repo.ts";
import { checkEnv } from "./env-file.ts";

export interface AppsDeps {
  repo: AppsRepo;
  servers: Servers;
  jobs: Jobs;
  box: SecretBox;
  templates: () => TemplateLibrary;
  ports: PortRange;
}

export type CreateInput =
  | { server: string; name: string; templateId: string; variables: Record<string, unknown> }
  | { server: string; name: string; compose: string; env: Record<string, string> };

const by = (actor: Principal | undefined) => ({ createdBy: actor?.username ?? "console" });

export class AppsService {
  constructor(private readonly d: AppsDeps) {}

  decryptEnv = (sealed: string): Record<string, string> => JSON.parse(this.d.box.decrypt(sealed));

  async get(id: number): Promise<AppRow> {
    const app = await this.d.repo.get(id);
    if (!app) throw notFound("app_not_found", "No such app.");
    return app;
  }

  private session(target: Awaited<ReturnType<Servers["target"]>>, appId: number): PortSession {
    // Stopped containers count too: their ports come back when they start.
    const published = async (t: typeof target) => (await t.call("docker.publishedPorts", {})).ports.map((p) => p.hostPort);
    return new PortSession(this.d.repo, target, appId, this.d.ports, published);
  }

  async create(actor: Principal | undefined, input: CreateInput): Promise<{ app: AppRow; job: PublicJob }> {
    const target = await this.d.servers.target(input.server);
    const template = "templateId" in input ? this.d.templates().get(input.templateId) : undefined;
    const now = Date.now();
    const row = await this.d.repo.insert({
      serverId: input.server,
      name: input.name,
      source: template ? "template" : "compose",
      templateId: template?.id ?? null,
      templateVersion: template?.version ?? null,
      compose: "",
      envEnc: this.d.box.encrypt("{}"),
      secretKeys: "[]",
      deployedCompose: null,
      deployedEnvEnc: null,
      status: "deploying",
      warnings: "[]",
      createdBy: by(actor).createdBy,
      createdAt: now,
      updatedAt: now,
    });
    if (!row) throw conflict("app_exists", `An app named "${input.name}" already exists on this server.`);
    try {
      // The row exists first so port reservations can point at it; any failure below deletes
      // it again (and, by cascade, the reservations): a refused request leaves nothing behind.
      const session = this.session(target, row.id);
      const prepared =
        "templateId" in input
          ? await prepareFromTemplate(actor, template!, input.variables, input.name, session)
          : await prepareFromCompose(actor, input.compose, input.env, session);
      // Pasted compose gets the Compose CLI's verdict up front. Templates were checked by that
      // same CLI in the test suite and their values are typed, so they skip the ~1 s it costs;
      // if a value still breaks the file, `compose up` fails and the deploy rolls back.
      if (!template) await validateWithCli(target, input.name, prepared.compose, prepared.env);
      const app = (await this.d.repo.update(row.id, this.record(prepared)))!;
      const job = await this.d.jobs.enqueue("apps.deploy", { appId: app.id }, { ...by(actor), serverId: app.serverId, target: `app:${app.name}` });
      return { app, job };
    } catch (err) {
      await this.d.repo.delete(row.id);
      throw err;
    }
  }

  /** New compose text (and optionally env) for an existing app: checked, then redeployed. */
  async update(actor: Principal | undefined, id: number, change: { compose?: string; env?: Record<string, string> }): Promise<PublicJob> {
    const app = await this.get(id);
    this.assertIdle(app);
    const target = await this.d.servers.target(app.serverId);
    const env = change.env ?? this.decryptEnv(app.envEnc);
    let prepared: Prepared;
    if (change.compose === undefined && app.source === "template" && app.templateId) {
      // Template apps re-render from their template with the new values (ports kept as given).
      // Keys the template does not know but the app already has were added by the panel
      // (linked databases): they ride along instead of being refused as unknown variables.
      const template = this.d.templates().get(app.templateId);
      const known = new Set(template.variables.map((v) => v.name));
      const stored = this.decryptEnv(app.envEnc);
      const extras = Object.fromEntries(Object.entries(env).filter(([k]) => !known.has(k) && k in stored));
      const answers = Object.fromEntries(Object.entries(env).filter(([k]) => !(k in extras)));
      prepared = await prepareFromTemplate(actor, template, answers, app.name, this.session(target, app.id));
      checkEnv(extras);
      prepared.env = { ...prepared.env, ...extras };
      prepared.secretKeys = [...new Set([...prepared.secretKeys, ...(JSON.parse(app.secretKeys) as string[])])].filter((k) => k in prepared.env);
    } else {
      prepared = await prepareFromCompose(actor, change.compose ?? app.compose, env, this.session(target, app.id));
      // Keep secret markings the app had (template passwords stay secret after a compose edit).
      prepared.secretKeys = [...new Set([...prepared.secretKeys, ...(JSON.parse(app.secretKeys) as string[])])].filter((k) => k in env);
    }
    if (change.compose !== undefined || app.source === "compose") await validateWithCli(target, app.name, prepared.compose, prepared.env);
    await this.d.repo.update(app.id, { ...this.record(prepared), source: change.compose !== undefined ? "compose" : app.source });
    return this.d.jobs.enqueue("apps.deploy", { appId: app.id }, { ...by(actor), serverId: app.serverId, target: `app:${app.name}` });
  }

  /**
   * Sets and removes environment keys owned by another domain (linked databases) and
   * redeploys. The compose file is untouched, so template apps need no re-render and their
   * template's variable list does not apply to these keys.
   */
  async patchEnv(actor: Principal | undefined, id: number, set: Record<string, string>, unset: string[], secret: string[] = []): Promise<PublicJob> {
    const app = await this.get(id);
    this.assertIdle(app);
    const env = { ...this.decryptEnv(app.envEnc), ...set };
    for (const k of unset) delete env[k];
    checkEnv(env);
    const secretKeys = [...new Set([...(JSON.parse(app.secretKeys) as string[]), ...secret])].filter((k) => k in env);
    await this.d.repo.update(app.id, { envEnc: this.d.box.encrypt(JSON.stringify(env)), secretKeys: JSON.stringify(secretKeys) });
    return this.d.jobs.enqueue("apps.deploy", { appId: app.id }, { ...by(actor), serverId: app.serverId, target: `app:${app.name}` });
  }

  async action(actor: Principal | undefined, id: number, action: "start" | "stop" | "restart" | "redeploy"): Promise<PublicJob> {
    const app = await this.get(id);
    this.assertIdle(app);
    const kind = action === "redeploy" ? "apps.deploy" : `apps.${action}`;
    return this.d.jobs.enqueue(kind, { appId: app.id }, { ...by(actor), serverId: app.serverId, target: `app:${app.name}` });
  }

  async remove(actor: Principal | undefined, id: number, confirm: string, removeVolumes: boolean): Promise<PublicJob> {
    const app = await this.get(id);
    if (confirm !== app.name) throw invalid("confirm_mismatch", `Type the app's name ("${app.name}") to confirm.`);
    return this.d.jobs.enqueue("apps.remove", { appId: app.id, removeVolumes }, { ...by(actor), serverId: app.serverId, target: `app:${app.name}` });
  }

  private record(p: Prepared): Partial<AppRow> {
    return { compose: p.compose, envEnc: this.d.box.encrypt(JSON.stringify(p.env)), secretKeys: JSON.stringify(p.secretKeys), warnings: JSON.stringify(p.warnings) };
  }

  private assertIdle(app: AppRow): void {
    if (app.status === "deploying" || app.status === "removing") {
      throw conflict("app_busy", `"${app.name}" is ${app.status}; wait for that job to finish.`);
    }
  }
}
