// What the sync job needs from the rest of the panel, as narrow shapes: cli/wire.ts adapts the
// projects, apps and databases domains to them, so this domain imports none of them directly.
import type { Target } from "../docker/index.ts";
import type { Jobs } from "../jobs/index.ts";
import type { Logger } from "../lib/log.ts";
import type { ContainerRef } from "../databases/container-exec.ts";
import type { Conn, EngineId } from "../databases/engines/types.ts";
import type { SearchReplaceReport } from "./report.ts";

/** An environment's db_sync rules (contract: SyncRules). */
export interface SyncRules {
  source: string;
  schedule: string | null;
  searchReplace: [string, string][];
  anonymizeUsers: boolean;
  keepUsers: string[];
  truncateTables: string[];
  excludeTables: string[];
}

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

/** An app's database with admin access (H1's AppDatabase, structurally). */
export interface SyncDatabase {
  kind: "linked" | "embedded";
  engine: EngineId;
  dialect: "mariadb" | "postgres";
  conn: Conn;
  database: string;
  databaseServerId: number | null;
  container?: ContainerRef;
  label: string;
}

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
