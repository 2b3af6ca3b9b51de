/** Projects, their environments, serverkit.yaml, and database syncs between environments (issue #9). */
import { API_BASE, http } from "./client";
import type { Job } from "./types";

const enc = (id: string | number) => encodeURIComponent(id);

/** The rules a sync INTO an environment follows. */
export interface SyncRules {
  /** Name of the environment it is refreshed from. */
  source: string;
  /** Cron expression (server time); null = manual only. */
  schedule: string | null;
  searchReplace: [string, string][];
  anonymizeUsers: boolean;
  /** Logins (or emails) anonymizing leaves as they are. */
  keepUsers: string[];
  /** Table names or patterns with * wildcards. */
  truncateTables: string[];
  excludeTables: string[];
}

export interface EnvironmentApp {
  id: number;
  name: string;
  serverId: string;
  serverName: string;
  status: string;
  templateId: string | null;
}

export interface EnvironmentDatabase {
  kind: "linked" | "embedded";
  engine: string;
  name: string;
  label: string;
}

export interface Environment {
  id: number;
  projectId: number;
  name: string;
  appId: number;
  /** null when the app was removed. */
  app: EnvironmentApp | null;
  domain: string | null;
  position: number;
  sync: SyncRules | null;
  database: EnvironmentDatabase | null;
  /** Why the database could not be resolved (no database, app gone...). */
  databaseError: string | null;
}

export type ConfigSource = "ui" | "upload" | "app-file";

export interface Project {
  id: number;
  name: string;
  description: string;
  configSource: ConfigSource;
  configAppId: number | null;
  configYaml: string | null;
  environments: Environment[];
  createdAt: string;
  updatedAt: string;
}

/** `details` of a 400 config_invalid: where serverkit.yaml went wrong. */
export interface ConfigProblem {
  line?: number | null;
  column?: number | null;
  /** Dotted path, e.g. "environments.dev.db_sync.schedule". */
  key?: string | null;
  problem?: string;
}

export interface SearchReplaceColumn {
  column: string;
  changed: number;
  skipped: number;
}
export interface SearchReplaceSample {
  column: string;
  row: string;
  before: string;
  after: string;
}
export interface SearchReplaceTable {
  table: string;
  addressing: string;
  matched: number;
  changed: number;
  skipped: number;
  columns: SearchReplaceColumn[];
  samples: SearchReplaceSample[];
}
export interface SearchReplaceReport {
  dryRun: boolean;
  tables: SearchReplaceTable[];
  tablesWithoutText: number;
  matched: number;
  changed: number;
  skipped: number;
  ms: number;
}

export interface AnonymizeReport {
  tablePrefix: string | null;
  users: number;
  kept: number;
  metaRemoved: number;
  sessionsRemoved: number;
  commentsAnonymized: number;
}

export interface SyncReport {
  steps: { name: string; ms: number; rows?: number; detail?: string }[];
  searchReplace: SearchReplaceReport | null;
  truncated: { table: string; rows: number }[];
  anonymized: AnonymizeReport | null;
  wordpressUrl: string | null;
  totalMs: number;
}

export type SyncRunStatus = "queued" | "running" | "succeeded" | "failed" | "reverted";

export interface SyncRun {
  id: number;
  projectId: number;
  source: { id: number; name: string };
  target: { id: number; name: string };
  jobId: string | null;
  dryRun: boolean;
  trigger: "manual" | "schedule";
  status: SyncRunStatus;
  report: SyncReport | null;
  error: string | null;
  canRevert: boolean;
  createdBy: string | null;
  createdAt: string;
  finishedAt: string | null;
  revertedAt: string | null;
}

export interface ScheduledSync {
  environmentId: number;
  schedule: string;
  nextAt: string | null;
}

export interface NewEnvironment {
  name: string;
  appId: number;
  domain?: string | null;
  sync?: SyncRules | null;
}
export type EnvironmentPatch = Partial<NewEnvironment> & { position?: number };

export const projectsApi = {
  list: () => http.get<{ items: Project[] }>("/projects"),
  get: (id: number) => http.get<{ project: Project }>(`/projects/${enc(id)}`),
  create: (body: { name: string; description?: string }) => http.post<{ project: Project }>("/projects", body),
  update: (id: number, body: { name?: string; description?: string }) => http.patch<{ project: Project }>(`/projects/${enc(id)}`, body),
  remove: (id: number) => http.del(`/projects/${enc(id)}`),

  /** Validates and applies an uploaded serverkit.yaml (400 config_invalid with a ConfigProblem). */
  uploadConfig: (id: number, yaml: string) => http.put<{ project: Project }>(`/projects/${enc(id)}/config`, { yaml }),
  /** The app folder's serverkit.yaml wins from now on (400 config_file_missing). */
  useAppConfig: (id: number, appId: number) => http.post<{ project: Project }>(`/projects/${enc(id)}/config/app`, { appId }),
  /** Back to settings edited in the panel; environments stay as they are. */
  dropConfig: (id: number) => http.del<{ project: Project }>(`/projects/${enc(id)}/config`),
  /** The current settings written as serverkit.yaml (a plain link: the server sends the file). */
  configYamlUrl: (id: number) => `${API_BASE}/projects/${enc(id)}/config.yaml`,

  addEnvironment: (projectId: number, body: NewEnvironment) =>
    http.post<{ environment: Environment }>(`/projects/${enc(projectId)}/environments`, body),
  updateEnvironment: (id: number, body: EnvironmentPatch) => http.patch<{ environment: Environment }>(`/environments/${enc(id)}`, body),
  removeEnvironment: (id: number) => http.del(`/environments/${enc(id)}`),

  /** `confirm`: the target's name, needed when `from` is not the target's configured source. */
  sync: (projectId: number, body: { from: number; to: number; dryRun?: boolean; confirm?: string }) =>
    http.post<{ run: SyncRun; job: Job }>(`/projects/${enc(projectId)}/syncs`, body),
  /** A sync into this environment from its configured source. */
  syncEnvironment: (envId: number, dryRun = false) => http.post<{ run: SyncRun; job: Job }>(`/environments/${enc(envId)}/sync`, { dryRun }),
  runs: (projectId: number, limit = 50) => http.get<{ items: SyncRun[] }>(`/projects/${enc(projectId)}/syncs`, { query: { limit } }),
  schedule: (projectId: number) => http.get<{ items: ScheduledSync[] }>(`/projects/${enc(projectId)}/schedule`),
  run: (id: number) => http.get<{ run: SyncRun }>(`/sync-runs/${enc(id)}`),
  revert: (id: number) => http.post<{ run: SyncRun; job: Job }>(`/sync-runs/${enc(id)}/revert`, {}),
};
