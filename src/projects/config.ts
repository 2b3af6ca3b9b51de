// serverkit.yaml in charge of a project: uploaded, or read from an app's folder (re-read before
// each sync so the file wins). Applying a file resolves server and app names to ids first and
// writes only when the whole file holds; environments keep their ids across applies (matched by
// name), so sync history stays attached to them.
import { invalid, notFound } from "../lib/errors.ts";
import type { Logger } from "../lib/log.ts";
import { CONFIG_FILE_NAME, parseConfig, type ParsedConfig } from "./config-file.ts";
import type { ProjectsRepo, ProjectRow } from "./repo.ts";
import { rulesColumns } from "./rules.ts";
import type { ProjectsService } from "./service.ts";
import type { ProjectsDeps } from "./types.ts";

interface Resolved {
  name: string;
  appId: number;
  domain: string | null;
  sync: ParsedConfig["environments"][number]["sync"];
}

export class ConfigFiles {
  private readonly repo: ProjectsRepo;
  private readonly deps: ProjectsDeps;

  constructor(
    private readonly service: ProjectsService,
    private readonly log: Logger,
  ) {
    this.repo = service.repo;
    this.deps = service.deps;
  }

  /** Server and app names -> app ids; any name that does not resolve is a config_invalid at its line. */
  private async resolve(projectId: number, parsed: ParsedConfig): Promise<Resolved[]> {
    const servers = await this.deps.servers.list();
    const out: Resolved[] = [];
    for (const env of parsed.environments) {
      const at = (key: string) => ["environments", env.name, key];
      let candidates = servers;
      if (env.server !== null) {
        const byId = servers.filter((s) => s.id === env.server);
        candidates = byId.length ? byId : servers.filter((s) => s.name === env.server);
        if (candidates.length === 0) throw parsed.problem(at("server"), `no server named "${env.server}" (servers: ${servers.map((s) => s.name).join(", ")})`);
        if (candidates.length > 1) throw parsed.problem(at("server"), `several servers are named "${env.server}": give its id (${candidates.map((s) => s.id).join(", ")})`);
      }
      const found: { appId: number; server: string }[] = [];
      for (const s of candidates) {
        const appId = await this.deps.apps.byName(s.id, env.app);
        if (appId !== null) found.push({ appId, server: s.name });
      }
      if (found.length === 0) {
        throw parsed.problem(at("app"), env.server !== null ? `no app "${env.app}" on server "${env.server}"` : `no app named "${env.app}" on any server`);
      }
      if (found.length > 1) throw parsed.problem(at("app"), `apps named "${env.app}" exist on several servers (${found.map((f) => f.server).join(", ")}): add server:`);
      const appId = found[0]!.appId;
      const twice = out.find((r) => r.appId === appId);
      if (twice) throw parsed.problem(at("app"), `app "${env.app}" is already environment "${twice.name}" in this file`);
      const other = await this.repo.environmentOfApp(appId);
      if (other && other.projectId !== projectId) {
        const project = await this.repo.get(other.projectId);
        throw parsed.problem(at("app"), `app "${env.app}" is already environment "${other.name}" of project "${project?.name ?? other.projectId}"`);
      }
      out.push({ name: env.name, appId, domain: env.domain, sync: env.sync });
    }
    return out;
  }

  private async apply(project: ProjectRow, text: string, source: "upload" | "app-file", appId: number | null): Promise<void> {
    const parsed = parseConfig(text);
    const resolved = await this.resolve(project.id, parsed);
    const existing = await this.repo.environments(project.id);
    const keep = new Set(resolved.map((r) => r.name));
    // Removed first: an app moving from a dropped environment to a new one must not meet itself.
    for (const e of existing) if (!keep.has(e.name)) await this.repo.deleteEnvironment(e.id);
    for (const [position, r] of resolved.entries()) {
      const fields = { appId: r.appId, domain: r.domain, position, ...rulesColumns(r.sync) };
      const current = existing.find((e) => e.name === r.name);
      if (current) await this.repo.updateEnvironment(current.id, fields);
      else await this.repo.insertEnvironment({ projectId: project.id, name: r.name, ...fields });
    }
    await this.repo.update(project.id, { configSource: source, configYaml: text, configAppId: appId });
    this.service.changed();
  }

  /** PUT /projects/:id/config: an uploaded file takes over. */
  async upload(projectId: number, text: string): Promise<void> {
    await this.apply(await this.service.project(projectId), text, "upload", null);
  }

  /** The app folder's serverkit.yaml takes over, now and at every refresh. */
  async useAppFile(projectId: number, appId: number): Promise<void> {
    const project = await this.service.project(projectId);
    const app = await this.deps.apps.describe(appId);
    if (!app) throw notFound("app_not_found", `No app ${appId}.`);
    const text = await this.deps.apps.readConfigFile(appId);
    if (text === null) throw invalid("config_file_missing", `App "${app.name}" has no ${CONFIG_FILE_NAME} at the root of its folder.`, { appId });
    await this.apply(project, text, "app-file", appId);
  }

  /** Back to editing in the panel; the environments stay as the file left them. */
  async detach(projectId: number): Promise<void> {
    await this.service.project(projectId);
    await this.repo.update(projectId, { configSource: "ui", configYaml: null, configAppId: null });
    this.service.changed();
  }

  /**
   * Re-reads the app folder's file (before a sync, so the file wins). A file that went away
   * leaves the last applied settings in place; a file that no longer validates throws config_invalid.
   */
  async refresh(projectId: number): Promise<void> {
    const project = await this.service.project(projectId);
    if (project.configSource !== "app-file" || project.configAppId === null) return;
    const text = await this.deps.apps.readConfigFile(project.configAppId);
    if (text === null) {
      this.log.warn("serverkit.yaml not found; keeping the last applied settings", { projectId, appId: project.configAppId });
      return;
    }
    if (text === project.configYaml) return;
    await this.apply(project, text, "app-file", project.configAppId);
  }
}
