// Rows -> the Project and Environment shapes of the API, with each environment's app (or null
// once the app is gone) and its database as the sync would find it.
import { iso } from "../lib/time.ts";
import type { EnvironmentRow, ProjectRow } from "./repo.ts";
import { rulesOf } from "./rules.ts";
import type { Environment, Project, ProjectsDeps } from "./types.ts";

export class Views {
  constructor(private readonly deps: ProjectsDeps) {}

  /** Server id -> name, asked once per answer rather than once per environment. */
  async serverNames(): Promise<Map<string, string>> {
    return new Map((await this.deps.servers.list()).map((s) => [s.id, s.name]));
  }

  async environment(row: EnvironmentRow, servers?: Map<string, string>): Promise<Environment> {
    const names = servers ?? (await this.serverNames());
    const app = await this.deps.apps.describe(row.appId);
    let database: Environment["database"] = null;
    let databaseError: string | null = null;
    if (app && this.deps.describeDatabase) {
      try {
        database = await this.deps.describeDatabase(row.appId);
      } catch (err) {
        databaseError = (err as Error).message;
      }
    }
    return {
      id: row.id,
      projectId: row.projectId,
      name: row.name,
      appId: row.appId,
      app: app ? { ...app, serverName: names.get(app.serverId) ?? app.serverId } : null,
      domain: row.domain,
      position: row.position,
      sync: rulesOf(row),
      database,
      databaseError,
    };
  }

  async project(row: ProjectRow, envs: EnvironmentRow[], servers?: Map<string, string>): Promise<Project> {
    const names = servers ?? (await this.serverNames());
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      configSource: row.configSource,
      configAppId: row.configAppId,
      configYaml: row.configYaml,
      environments: await Promise.all(envs.map((e) => this.environment(e, names))),
      createdAt: iso(row.createdAt)!,
      updatedAt: iso(row.updatedAt)!,
    };
  }
}
