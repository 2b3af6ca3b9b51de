// What the sync job needs from the rest of the panel, as narrow shapes: cli/wire.ts adapts the
// projects, apps and databases domains to them, so this domain uses none of them at run time (types only).
import type { Target } from "../docker/index.ts";
import type { Jobs } from "../jobs/index.ts";
import type { Logger } from "../lib/log.ts";
import type { SearchReplaceReport } from "./report.ts";

/** An environment's db_sync rules: the projects domain owns their shape. */
export type { SyncRules } from "../projects/index.ts";
import type { SyncRules } from "../projects/index.ts";

export interface SyncEnvironment {
  id: number;
  projectId: number;
  name: string;
  appId: number;
  domain: string | null;
  sync: SyncRules | null;
}

export interface SyncProject {
  id: number;
  name: string;
  environments: SyncEnvironment[];
}

/** The projects domain as the sync sees it. */
export interface SyncProjects {
  get(projectId: number): Promise<SyncProject>;
  environment(envId: number): Promise<SyncEnvironment>;
  environmentByName(projectId: number, name: string): Promise<SyncEnvironment>;
  /** Re-reads the app folder's serverkit.yaml when it is in charge (before a sync starts). */
  refreshFromFile(projectId: number): Promise<void>;
  /** Environments with a schedule and a source. */
  scheduled(): Promise<{ environmentId: number; projectId: number; schedule: string }[]>;
  /** Called after any change to projects or environments (schedules are re-armed). */
  onChange(listener: () => void): unknown;
}

/** An app's database with admin access (resolveAppDatabase in this domain). */
export type { AppDatabase as SyncDatabase } from "./app-database.ts";
import type { AppDatabase as SyncDatabase } from "./app-database.ts";

export interface SyncDeps {
  jobs: Jobs;
  log: Logger;
  /** Journals of syncs in progress live under here (see sync-journal.ts). */
  dataDir: string;
  projects: SyncProjects;
  appDatabase(appId: number): Promise<SyncDatabase>;
  app(appId: number): Promise<{ id: number; name: string; serverId: string }>;
  target(serverId: string): Promise<Target>;
}

export interface AnonymizeSummary {
  tablePrefix: string | null;
  users: number;
  kept: number;
  metaRemoved: number;
  sessionsRemoved: number;
  commentsAnonymized: number;
}

export interface SyncStep {
  name: string;
  ms: number;
  rows?: number;
  detail?: string;
}

export interface SyncReport {
  steps: SyncStep[];
  searchReplace: SearchReplaceReport | null;
  truncated: { table: string; rows: number }[];
  anonymized: AnonymizeSummary | null;
  wordpressUrl: string | null;
  totalMs: number;
}

export interface SyncRunParams {
  runId: number;
}
