// Projects: apps grouped as environments of one site (prod, staging, dev), each with the rules a
// database sync into it follows; edited in the panel or described by a serverkit.yaml. The public
// face of the domain (the sync domain and the HTTP routes use it).
import type { Db } from "../db/index.ts";
import { notFound } from "../lib/errors.ts";
import type { Logger } from "../lib/log.ts";
import { ConfigFiles } from "./config.ts";
import { exportConfig } from "./export.ts";
import { ProjectsRepo } from "./repo.ts";
import { ProjectsService } from "./service.ts";
import type { Environment, EnvironmentInput, EnvironmentPatch, Project, ProjectsDeps } from "./types.ts";
import { Views } from "./view.ts";

export function createProjects(db: Db, deps: ProjectsDeps & { log: Logger }) {
  const repo = new ProjectsRepo(db);
  const service = new ProjectsService(repo, deps, deps.log);
  const files = new ConfigFiles(service, deps.log);
  const views = new Views(deps);

  const get = async (id: number): Promise<Project> => views.project(await service.project(id), await repo.environments(id));
  const environment = async (id: number): Promise<Environment> => views.environment(await service.environment(id));

  return {
    async list(): Promise<Project[]> {
      const rows = await repo.list();
      const envs = await repo.environmentsOf(rows.map((r) => r.id));
      const servers = await views.serverNames();
      return Promise.all(rows.map((r) => views.project(r, envs.filter((e) => e.projectId === r.id), servers)));
    },
    get,
    create: async (input: { name: string; description?: string }) => get((await service.create(input)).id),
    update: async (id: number, patch: { name?: string; description?: string }) => get((await service.update(id, patch)).id),
    async remove(id: number): Promise<Project> {
      const before = await get(id);
      await service.remove(id);
      return before;
    },

    environment,
    async environmentByName(projectId: number, name: string): Promise<Environment> {
      await service.project(projectId);
      const row = await repo.environmentByName(projectId, name);
      if (!row) throw notFound("environment_not_found", `Project ${projectId} has no environment "${name}".`);
      return views.environment(row);
    },
    addEnvironment: async (projectId: number, input: EnvironmentInput) => environment((await service.addEnvironment(projectId, input)).id),
    updateEnvironment: async (id: number, patch: EnvironmentPatch) => environment((await service.updateEnvironment(id, patch)).id),
    async removeEnvironment(id: number): Promise<Environment> {
      const before = await environment(id);
      await service.removeEnvironment(id);
      return before;
    },

    /** PUT config: an uploaded serverkit.yaml applies and takes over (configSource "upload"). */
    uploadConfig: async (projectId: number, yaml: string) => (await files.upload(projectId, yaml), get(projectId)),
    /** The app folder's serverkit.yaml applies and wins from now on (configSource "app-file"). */
    useAppConfig: async (projectId: number, appId: number) => (await files.useAppFile(projectId, appId), get(projectId)),
    /** Back to "ui"; environments stay as they are. */
    detachConfig: async (projectId: number) => (await files.detach(projectId), get(projectId)),
    /** The current settings written as serverkit.yaml. */
    exportConfig: async (projectId: number) => exportConfig(await get(projectId), await deps.servers.list()),
    /** Re-reads the app folder's serverkit.yaml when it is in charge (the sync calls this first). */
    refreshFromFile: (projectId: number): Promise<void> => files.refresh(projectId),

    /** Environments with a schedule and a source: what the sync scheduler arms. */
    scheduled: () => service.scheduled(),
    /** Called after any project, environment or config change; returns the unsubscribe. */
    onChange: (cb: () => void): (() => void) => service.onChange(cb),
  };
}

export type Projects = ReturnType<typeof createProjects>;
export type { ConfigSource, Environment, EnvironmentApp, EnvironmentDatabase, Project, ProjectsDeps, SyncRules } from "./types.ts";
export { domainSchema, envNameSchema, syncRulesSchema } from "./rules.ts";
export { CONFIG_FILE_NAME, parseConfig } from "./config-file.ts";
export { appConfigFileReader } from "./app-folder.ts";
