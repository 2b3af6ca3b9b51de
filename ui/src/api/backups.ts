/** Backup plans, backups and restores (src/http/routes/backups.ts). Runs and restores are jobs. */
import { API_BASE, http } from "./client";
import type { Job } from "./types";

const enc = (id: string | number) => encodeURIComponent(id);

export type BackupScope = "app" | "database";
export type StorageKind = "local" | "s3";

export interface Retention {
  keepLast: number;
  daily: number;
  weekly: number;
  monthly: number;
}

export interface BackupPlan {
  id: number;
  name: string;
  serverId: string;
  scope: BackupScope;
  /** null for database plans, or when the app was removed. */
  appId: number | null;
  databaseServerId: number | null;
  databaseName: string | null;
  /** Never the keys: the kind and a readable "where" (a path, or s3://bucket/prefix). */
  storage: { kind: StorageKind; label: string };
  /** Cron expression (server time); null = manual only. */
  schedule: string | null;
  retention: Retention;
  stopApp: boolean;
  /** Cron expression of restore drills; null = none. */
  drillSchedule: string | null;
  /** Commands run in one of the app's containers before and after its parts are read. */
  hooks: PlanHooks;
  createdAt: string;
  updatedAt: string;
}

/** A command as an argument array (no shell unless it names one), in the service's container. */
export interface PlanHook {
  service: string;
  command: string[];
  timeoutSeconds?: number;
}
export interface PlanHooks {
  pre?: PlanHook;
  post?: PlanHook;
}

export type StorageInput =
  | { kind: "local"; path: string }
  | { kind: "s3"; endpoint: string; bucket: string; prefix?: string; region?: string; accessKeyId: string; secretAccessKey: string };

export interface NewBackupPlan {
  name: string;
  scope: BackupScope;
  appId?: number;
  databaseServerId?: number;
  databaseName?: string;
  storage: StorageInput;
  schedule?: string | null;
  retention?: Retention;
  stopApp?: boolean;
  drillSchedule?: string | null;
  hooks?: PlanHooks;
}

/** What a plan may change after creation (what it backs up is fixed). */
export type PlanPatch = Partial<Pick<NewBackupPlan, "name" | "storage" | "schedule" | "retention" | "stopApp" | "drillSchedule" | "hooks">>;

export type BackupStatus = "running" | "succeeded" | "failed";
/** "safety": taken automatically before a restore. */
export type BackupReason = "manual" | "schedule" | "safety";
export type BackupPartKind = "volume" | "files" | "database";

export interface BackupPart {
  kind: BackupPartKind;
  name: string;
  /** Stored (compressed, encrypted) size. */
  bytes: number;
  /** Size before compression. */
  plainBytes: number;
}

export interface Backup {
  /** Opaque string id. */
  id: string;
  planId: number | null;
  appId: number | null;
  status: BackupStatus;
  reason: BackupReason;
  /** Stored size. */
  bytes: number;
  parts: BackupPart[];
  jobId: string | null;
  error: string | null;
  /** Restore drill verdict: null = never verified. */
  verifyStatus: null | "passed" | "failed";
  verifiedAt: string | null;
  /** What the last restore drill checked, part by part. */
  verifyDetails: { part: string; ok: boolean; detail: string }[] | null;
  createdAt: string;
  finishedAt: string | null;
}

/** `result` of a finished `backups.run` job. */
export interface BackupRunResult {
  backupId: string;
  bytes: number;
}

/** `result` of a finished `backups.clone` job: the new app and what was made for it. */
export interface BackupCloneResult {
  appId: number;
  app: string;
  backupId: string;
  /** The new databases (copies of the original's linked ones). */
  databases: string[];
  volumes: string[];
}

export const backupsApi = {
  plans: () => http.get<{ items: BackupPlan[] }>("/backup-plans"),
  plan: (id: number) => http.get<{ plan: BackupPlan }>(`/backup-plans/${enc(id)}`),
  /** The storage is tested before the plan is saved (bucket_not_found, storage_unreachable...). */
  createPlan: (body: NewBackupPlan) => http.post<{ plan: BackupPlan }>("/backup-plans", body),
  /** A new storage is tested before it is saved, as on create. */
  updatePlan: (id: number, body: PlanPatch) => http.patch<{ plan: BackupPlan }>(`/backup-plans/${enc(id)}`, body),
  /** Removes the plan and its schedule; stored backups stay in storage. */
  removePlan: (id: number) => http.del<{ plan: BackupPlan }>(`/backup-plans/${enc(id)}`),
  /** Back up now: a `backups.run` job whose result is a BackupRunResult. */
  run: (id: number) => http.post<{ job: Job }>(`/backup-plans/${enc(id)}/run`),
  /** A restore drill of the plan's latest backup (a job); the verdict lands on that backup. */
  drill: (id: number) => http.post<{ job: Job }>(`/backup-plans/${enc(id)}/drill`),

  /** Newest first. */
  list: (planId?: number) => http.get<{ items: Backup[] }>("/backups", { query: { plan: planId } }),
  get: (id: string) => http.get<{ backup: Backup }>(`/backups/${enc(id)}`),
  /** Where one part downloads from, decrypted (admins; audited). A plain link: the server streams it. */
  partUrl: (id: string, index: number) => `${API_BASE}/backups/${enc(id)}/parts/${index}`,
  /** `confirm`: the app's name (app plans) or the database's name (database plans). A `backups.restore` job. */
  restore: (id: string, confirm: string) => http.post<{ job: Job }>(`/backups/${enc(id)}/restore`, { confirm }),
  /** Restore an app's backup as a new app `name` (409 app_exists when taken). A `backups.clone` job whose result is a BackupCloneResult. */
  clone: (id: string, name: string) => http.post<{ job: Job }>(`/backups/${enc(id)}/clone`, { name }),
};
