// Projects and their environments edited from the panel (configSource "ui"). While a
// serverkit.yaml is in charge, environment edits are refused: the file wins.
import { conflict, invalid, notFound } from "../lib/errors.ts";
import type { Logger } from "../lib/log.ts";
import type { EnvironmentRow, ProjectRow, ProjectsRepo } from "./repo.ts";
import { ruleProblems, rulesColumns, rulesOf } from "./rules.ts";
import type { EnvironmentInput, EnvironmentPatch, ProjectsDeps, SyncRules } from "./types.ts";

export class ProjectsService {
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly repo: ProjectsRepo,
    readonly deps: ProjectsDeps,
    private readonly log: Logger,
  ) {}

  onChange(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => void this.listeners.delete(cb);
  }

  /** Tells the scheduler (and anyone else listening) that projects or environments changed. */
  changed(): void {
    for (const cb of this.listeners) {
      try {
        cb();
      } catch (err) {
        this.log.warn("projects change listener failed", { err });
      }
    }
  }

  async project(id: number): Promise<ProjectRow> {
    const row = await this.repo.get(id);
    if (!row) throw notFound("project_not_found", `No project ${id}.`);
    return row;
  }

  async environment(id: number): Promise<EnvironmentRow> {
    const row = await this.repo.environment(id);
    if (!row) throw notFound("environment_not_found", `No environment ${id}.`);
    return row;
  }

  async create(input: { name: string; description?: string }): Promise<ProjectRow> {
    const row = await this.repo.insert({ name: input.name, description: input.description ?? "" });
    if (!row) throw conflict("project_name_taken", `A project named "${input.name}" already exists.`);
    this.changed();
    return row;
  }

  async update(id: number, patch: { name?: string; description?: string }): Promise<ProjectRow> {
    await this.project(id);
    if (patch.name !== undefined) {
      const other = await this.repo.byName(patch.name);
      if (other && other.id !== id) throw conflict("project_name_taken", `A project named "${patch.name}" already exists.`);
    }
    const row = (await this.repo.update(id, patch))!;
    this.changed();
    return row;
  }

  async remove(id: number): Promise<ProjectRow> {
    const row = await this.project(id);
    await this.repo.delete(id);
    this.changed();
    return row;
  }

  private async editable(projectId: number): Promise<ProjectRow> {
    const project = await this.project(projectId);
    if (project.configSource !== "ui") {
      throw conflict("config_from_file", "serverkit.yaml wins: edit the file (or detach it to edit here).", { configSource: project.configSource });
    }
    return project;
  }

  /** The app exists and is no other environment's (one app, at most one environment). */
  private async checkApp(appId: number, selfId: number | null): Promise<void> {
    if (!(await this.deps.apps.describe(appId))) throw notFound("app_not_found", `No app ${appId}.`);
    const other = await this.repo.environmentOfApp(appId);
    if (other && other.id !== selfId) {
      const project = await this.repo.get(other.projectId);
      throw conflict("app_in_other_project", `This app is already environment "${other.name}" of project "${project?.name ?? other.projectId}".`, {
        projectId: other.projectId,
        environmentId: other.id,
      });
    }
  }

  private checkRules(rules: SyncRules | null, self: string, names: string[]): void {
    if (!rules) return;
    const first = ruleProblems(rules, self, names)[0];
    if (first) throw invalid(first.code, first.message, { key: ["sync", ...first.path].join(".") });
  }

  async addEnvironment(projectId: number, input: EnvironmentInput): Promise<EnvironmentRow> {
    await this.editable(projectId);
    const envs = await this.repo.environments(projectId);
    if (envs.some((e) => e.name === input.name)) throw conflict("environment_name_taken", `The project already has an environment "${input.name}".`);
    await this.checkApp(input.appId, null);
    const sync = input.sync ?? null;
    this.checkRules(sync, input.name, [...envs.map((e) => e.name), input.name]);
    const row = await this.repo.insertEnvironment({
      projectId,
      name: input.name,
      appId: input.appId,
      domain: input.domain ?? null,
      position: envs.reduce((max, e) => Math.max(max, e.position + 1), 0),
      ...rulesColumns(sync),
    });
    if (!row) throw conflict("environment_name_taken", `The project already has an environment "${input.name}".`);
    this.changed();
    return row;
  }

  async updateEnvironment(id: number, patch: EnvironmentPatch): Promise<EnvironmentRow> {
    const env = await this.environment(id);
    await this.editable(env.projectId);
    const envs = await this.repo.environments(env.projectId);
    const name = patch.name ?? env.name;
    if (name !== env.name && envs.some((e) => e.name === name)) throw conflict("environment_name_taken", `The project already has an environment "${name}".`);
    if (patch.appId !== undefined && patch.appId !== env.appId) await this.checkApp(patch.appId, id);
    const names = envs.map((e) => (e.id === id ? name : e.name));
    const sync = patch.sync !== undefined ? patch.sync : rulesOf(env);
    this.checkRules(sync, name, names);
    const row = (await this.repo.updateEnvironment(id, {
      name,
      appId: patch.appId ?? env.appId,
      domain: patch.domain !== undefined ? patch.domain : env.domain,
      position: patch.position ?? env.position,
      ...(patch.sync !== undefined ? rulesColumns(patch.sync) : {}),
    }))!;
    // Environments synced from this one follow the rename.
    if (name !== env.name) {
      for (const other of envs) if (other.id !== id && other.syncSource === env.name) await this.repo.updateEnvironment(other.id, { syncSource: name });
    }
    this.changed();
    return row;
  }

  async removeEnvironment(id: number): Promise<EnvironmentRow> {
    const env = await this.environment(id);
    await this.editable(env.projectId);
    const dependents = (await this.repo.environments(env.projectId)).filter((e) => e.id !== id && e.syncSource === env.name);
    if (dependents.length) {
      throw conflict("environment_in_use", `${dependents.map((e) => `"${e.name}"`).join(", ")} ${dependents.length > 1 ? "are" : "is"} synced from "${env.name}": change their sync source first.`);
    }
    await this.repo.deleteEnvironment(id);
    this.changed();
    return env;
  }

  async scheduled(): Promise<{ environmentId: number; projectId: number; schedule: string }[]> {
    return (await this.repo.withSchedule()).map((e) => ({ environmentId: e.id, projectId: e.projectId, schedule: e.syncSchedule! }));
  }
}
