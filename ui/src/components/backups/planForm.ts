/** The new-plan form: its fields, client-side checks that mirror the API, and the request body. */
import type { SetStoreFunction } from "solid-js/store";
import { isApiError, type BackupPlan, type BackupScope, type NewBackupPlan, type PlanHook, type PlanHooks, type PlanPatch, type StorageKind } from "../../api";
import { problemsOf } from "../../lib/problems";
import { DRILL_PRESETS, looksLikeCron, SCHEDULE_PRESETS, type DrillPreset, type SchedulePreset } from "./schedule";

export interface PlanForm {
  name: string;
  scope: BackupScope;
  appId: string;
  dbServerId: string;
  dbName: string;
  storageKind: StorageKind;
  path: string;
  endpoint: string;
  bucket: string;
  prefix: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  preset: SchedulePreset;
  cron: string;
  keepLast: string;
  daily: string;
  weekly: string;
  monthly: string;
  stopApp: boolean;
  drill: DrillPreset;
  /** Hooks: a service name and its command, one argument per line (no shell quoting to get wrong). */
  preService: string;
  preCommand: string;
  postService: string;
  postCommand: string;
  /** Editing only: replace the storage settings (its keys are never sent back, so they are re-entered). */
  changeStorage: boolean;
}

export type PlanField = keyof PlanForm;
/** Field errors; `storage` is the storage test's verdict, shown under the storage fields. */
export type PlanErrors = Partial<Record<PlanField | "storage", string>>;
export interface FormProps {
  form: PlanForm;
  set: SetStoreFunction<PlanForm>;
  errors: PlanErrors;
}

export const emptyPlanForm = (appId = ""): PlanForm => ({
  name: "", scope: "app", appId, dbServerId: "", dbName: "",
  storageKind: "local", path: "/var/backups/serverkit", endpoint: "", bucket: "", prefix: "", region: "", accessKeyId: "", secretAccessKey: "",
  preset: "daily", cron: "", keepLast: "7", daily: "0", weekly: "0", monthly: "0", stopApp: false, drill: "none",
  preService: "", preCommand: "", postService: "", postCommand: "", changeStorage: true,
});

const presetOf = (cron: string | null): SchedulePreset => SCHEDULE_PRESETS.find((p) => p.cron === cron && p.value !== "custom")?.value ?? "custom";

/** The form for editing an existing plan: its current settings, storage kept unless changed. */
export function planToForm(p: BackupPlan): PlanForm {
  const preset = presetOf(p.schedule);
  return {
    ...emptyPlanForm(p.appId !== null ? String(p.appId) : ""),
    name: p.name, scope: p.scope, dbServerId: p.databaseServerId !== null ? String(p.databaseServerId) : "", dbName: p.databaseName ?? "",
    storageKind: p.storage.kind, preset, cron: preset === "custom" ? (p.schedule ?? "") : "",
    keepLast: String(p.retention.keepLast), daily: String(p.retention.daily), weekly: String(p.retention.weekly), monthly: String(p.retention.monthly),
    stopApp: p.stopApp, drill: DRILL_PRESETS.find((d) => d.cron === p.drillSchedule)?.value ?? "none",
    preService: p.hooks.pre?.service ?? "", preCommand: p.hooks.pre?.command.join("\n") ?? "",
    postService: p.hooks.post?.service ?? "", postCommand: p.hooks.post?.command.join("\n") ?? "",
    changeStorage: false,
  };
}

const argv = (text: string) => text.split("\n").map((l) => l.trim()).filter((l) => l.length > 0);
function hook(service: string, command: string): PlanHook | undefined {
  return service.trim() && argv(command).length ? { service: service.trim(), command: argv(command) } : undefined;
}
const hooksOf = (f: PlanForm): PlanHooks => (f.scope === "app" ? { pre: hook(f.preService, f.preCommand), post: hook(f.postService, f.postCommand) } : {});

const count = (v: string, min: number) => /^\d{1,4}$/.test(v.trim()) && Number(v) >= min && Number(v) <= 1000;

export function checkPlan(f: PlanForm): PlanErrors {
  const e: PlanErrors = {};
  if (!f.name.trim()) e.name = "Give the plan a name.";
  else if (f.name.trim().length > 80) e.name = "At most 80 characters.";
  if (f.scope === "app" && !f.appId) e.appId = "Choose the app to back up.";
  if (f.scope === "database" && !f.dbServerId) e.dbServerId = "Choose a database server.";
  if (f.scope === "database" && !f.dbName.trim()) e.dbName = "Choose the database to back up.";
  if (f.changeStorage && f.storageKind === "local" && !f.path.trim().startsWith("/")) e.path = "An absolute folder path on the server, e.g. /var/backups/serverkit.";
  if (f.changeStorage && f.storageKind === "s3") {
    if (!/^https?:\/\/\S+$/.test(f.endpoint.trim())) e.endpoint = "The S3 endpoint URL, e.g. https://s3.eu-central-1.amazonaws.com.";
    if (!f.bucket.trim()) e.bucket = "Enter the bucket name.";
    if (!f.accessKeyId.trim()) e.accessKeyId = "Enter the access key ID.";
    if (!f.secretAccessKey) e.secretAccessKey = "Enter the secret access key.";
  }
  if (f.preset === "custom" && !looksLikeCron(f.cron)) e.cron = "Five cron fields: minute hour day-of-month month day-of-week, e.g. 30 2 * * 1-5.";
  if (!count(f.keepLast, 1)) e.keepLast = "A whole number from 1 to 1000.";
  for (const k of ["daily", "weekly", "monthly"] as const) if (!count(f[k] || "0", 0)) e[k] = "0 to 1000.";
  for (const [svc, cmd] of [["preService", "preCommand"], ["postService", "postCommand"]] as const) {
    if (argv(f[cmd]).length && !f[svc].trim()) e[svc] = "The compose service whose container runs the command.";
    if (f[svc].trim() && !argv(f[cmd]).length) e[cmd] = "The command, one argument per line.";
  }
  return e;
}

export function planBody(f: PlanForm): NewBackupPlan {
  const t = (s: string) => s.trim() || undefined;
  return {
    name: f.name.trim(),
    scope: f.scope,
    ...(f.scope === "app" ? { appId: Number(f.appId) } : { databaseServerId: Number(f.dbServerId), databaseName: f.dbName.trim() }),
    storage:
      f.storageKind === "local"
        ? { kind: "local", path: f.path.trim() }
        : { kind: "s3", endpoint: f.endpoint.trim(), bucket: f.bucket.trim(), prefix: t(f.prefix), region: t(f.region), accessKeyId: f.accessKeyId.trim(), secretAccessKey: f.secretAccessKey },
    schedule: f.preset === "custom" ? f.cron.trim() : (SCHEDULE_PRESETS.find((p) => p.value === f.preset)?.cron ?? null),
    retention: { keepLast: Number(f.keepLast), daily: Number(f.daily || 0), weekly: Number(f.weekly || 0), monthly: Number(f.monthly || 0) },
    stopApp: f.scope === "app" ? f.stopApp : false,
    drillSchedule: DRILL_PRESETS.find((p) => p.value === f.drill)?.cron ?? null,
    hooks: hooksOf(f),
  };
}

/** The PATCH body: everything editable, the storage only when it is being replaced. */
export function patchBody(f: PlanForm): PlanPatch {
  const { name, storage, schedule, retention, stopApp, drillSchedule, hooks } = planBody(f);
  return { name, schedule, retention, stopApp, drillSchedule, hooks, ...(f.changeStorage && { storage }) };
}

const STORAGE_FIELDS: PlanField[] = ["storageKind", "path", "endpoint", "bucket", "prefix", "region", "accessKeyId", "secretAccessKey"];

/** Errors without those of the changed fields (and without the storage verdict when storage changed). */
export function clearErrors(e: PlanErrors, changed: PlanField[]): PlanErrors {
  if (Object.keys(e).length === 0) return e;
  const n = { ...e };
  for (const k of changed) delete n[k];
  if (changed.some((k) => STORAGE_FIELDS.includes(k))) {
    delete n.storage;
    for (const k of STORAGE_FIELDS) if (n[k] === " ") delete n[k];
  }
  return n;
}

/** Storage test failures, by the field they are most about (the message also shows under the storage fields). */
const STORAGE_CODES: Record<string, (f: PlanForm) => PlanField | null> = {
  bucket_not_found: () => "bucket",
  storage_unreachable: (f) => (f.storageKind === "s3" ? "endpoint" : "path"),
  storage_auth_failed: () => "secretAccessKey",
  storage_not_writable: (f) => (f.storageKind === "s3" ? "bucket" : "path"),
};
/** API paths (validation details) -> form fields. */
const PATHS: Record<string, PlanField> = {
  name: "name", appId: "appId", databaseServerId: "dbServerId", databaseName: "dbName",
  "storage.path": "path", "storage.endpoint": "endpoint", "storage.bucket": "bucket", "storage.prefix": "prefix", "storage.region": "region",
  "storage.accessKeyId": "accessKeyId", "storage.secretAccessKey": "secretAccessKey",
  schedule: "cron", "retention.keepLast": "keepLast", "retention.daily": "daily", "retention.weekly": "weekly", "retention.monthly": "monthly",
  drillSchedule: "drill",
  "hooks.pre.service": "preService", "hooks.pre.command": "preCommand", "hooks.post.service": "postService", "hooks.post.command": "postCommand",
};

/** Spreads an API error over the fields it is about; returns what is left for the form-level alert (or null). */
export function mapPlanError(e: unknown, f: PlanForm, setErrors: (e: PlanErrors) => void): string | null {
  if (!isApiError(e)) return null;
  const storage = STORAGE_CODES[e.code];
  if (storage || e.code.startsWith("storage_")) {
    const field = storage?.(f);
    setErrors({ storage: e.message, ...(field ? { [field]: " " } : {}) });
    return null;
  }
  const found: PlanErrors = {};
  const rest: string[] = [];
  for (const p of problemsOf(e)) {
    const field = p.path ? (PATHS[p.path] ?? (p.path.startsWith("storage") ? "storage" : undefined)) : undefined;
    if (field === "cron" && f.preset !== "custom") rest.push(`Schedule: ${p.message}`);
    else if (field) found[field] = found[field] ? `${found[field]} ${p.message}` : p.message;
    else rest.push(p.message);
  }
  setErrors(found);
  if (Object.keys(found).length === 0) return e.message;
  return rest.length ? rest.join(" ") : null;
}
