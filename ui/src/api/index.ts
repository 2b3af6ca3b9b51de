/** Typed endpoints of the ServerKit API. URLs live here and in ./client.ts only. */
import { http } from "./client";
import { dockerApi } from "./docker";
import { appsApi, templatesApi } from "./apps";
import { domainsApi } from "./domains";
import { tlsApi } from "./tls";
import { privateUrlsApi } from "./private-urls";
import { databasesApi } from "./databases";
import { backupsApi } from "./backups";
import { alertsApi } from "./alerts";
import { logsApi } from "./logs";
import { metricsApi } from "./metrics";
import { projectsApi } from "./projects";
import { wordpressApi } from "./wordpress";
import type {
  ApiToken, AuditEntry, Health, Job, JobLogLine, JobStatus, LoginReply, Page, Role, ServerDetail,
  NewServerToken, ServerLoad, ServerSummary, Session, TokenScope, TotpEnrollment, User,
} from "./types";

export * from "./types";
export * from "./types-docker";
export * from "./types-apps";
export type {
  AcmeChallenge, Certificate, CertificateSource, CertificateState, DiagnoseCheck, DiagnoseReport, DiagnoseStatus, DnsRecord,
  DnsReport, Domain, DomainChange, DomainOptions, NewDomain, UploadedCertificate,
} from "./domains";
export type { AcmePreset, TlsSettings, TlsSettingsChange } from "./tls";
export type { NewPrivateUrl, PrivateUrl } from "./private-urls";
export { privateUrlHref } from "./private-urls";
export type {
  AppDatabaseLink, DatabaseCredentials, DatabaseInfo, DatabaseServer, DatabaseUser, DbEngine, DbEngineInfo, DropResult, NewAppDatabaseLink, NewDatabaseServer,
} from "./databases";
export type {
  Backup, BackupPart, BackupPartKind, BackupPlan, BackupReason, BackupRunResult, BackupScope, BackupStatus, NewBackupPlan, PlanHook, PlanHooks, PlanPatch, Retention, StorageInput, StorageKind,
} from "./backups";
export type {
  AlertCatalog, AlertDelivery, AlertEvent, AlertEventName, AlertOperator, AlertRule, AlertRulePatch, AlertScope, ChannelConfigInput, ChannelKind, NewAlertRule,
  NotificationChannel, Severity,
} from "./alerts";
export type { MetricPoint, MetricsRange, MetricsSample, MetricsScope, MetricsView } from "./metrics";
export { metricsTopic } from "./metrics";
export type { FoundLogLine, LogLevel, LogRange, LogSearchQuery, LogSearchResult, LogSource } from "./logs";
export type {
  AnonymizeReport, ConfigProblem, ConfigSource, Environment, EnvironmentPatch, NewEnvironment, Project, ScheduledSync, SearchReplaceReport,
  SearchReplaceTable, SyncReport, SyncRules, SyncRun, SyncRunStatus,
} from "./projects";
export type { PermissionProblem, WordPressExtension, WordPressInfo } from "./wordpress";
export { ApiError, errorMessage, isApiError } from "./client";

const enc = encodeURIComponent;
export type JobCursor = number | string;
const open = { noAuthRedirect: true } as const;

export const api = {
  health: () => http.get<Health>("/health", open),

  setup: {
    status: () => http.get<{ needed: boolean }>("/setup", open),
    create: (body: { username: string; password: string; email?: string }) =>
      http.post<Session>("/setup", body, open),
  },

  auth: {
    login: (body: { username: string; password: string }) => http.post<LoginReply>("/auth/login", body, open),
    loginTwoFactor: (body: { challenge: string; code: string }) => http.post<Session>("/auth/login/2fa", body, open),
    me: () => http.get<Session>("/auth/me"),
    logout: () => http.post<void>("/auth/logout", undefined, open),
    changePassword: (body: { currentPassword: string; newPassword: string }) => http.post<void>("/auth/password", body),
    enrollTotp: () => http.post<TotpEnrollment>("/auth/2fa/enroll"),
    enableTotp: (code: string) => http.post<{ recoveryCodes: string[] }>("/auth/2fa/enable", { code }),
    disableTotp: (password: string) => http.post<void>("/auth/2fa/disable", { password }),
  },

  tokens: {
    list: () => http.get<{ items: ApiToken[] }>("/tokens"),
    create: (body: { name: string; scope: TokenScope; expiresInDays: number | null }) =>
      http.post<{ token: string; item: ApiToken }>("/tokens", body),
    revoke: (id: string) => http.del(`/tokens/${enc(id)}`),
  },

  users: {
    list: () => http.get<{ items: User[] }>("/users"),
    create: (body: { username: string; password: string; email?: string; role: Role }) =>
      http.post<{ user: User }>("/users", body),
    update: (id: string, body: { role?: Role; disabled?: boolean; email?: string }) =>
      http.patch<{ user: User }>(`/users/${enc(id)}`, body),
    remove: (id: string) => http.del(`/users/${enc(id)}`),
  },

  audit: {
    list: (q: { actor?: string; action?: string; result?: string; q?: string; limit?: number; before?: number | null }) =>
      http.get<Page<AuditEntry>>("/audit", { query: q }),
  },

  jobs: {
    list: (q: { status?: JobStatus | ""; kind?: string; limit?: number; before?: JobCursor | null }) =>
      http.get<Page<Job, JobCursor>>("/jobs", { query: q }),
    get: (id: string) => http.get<{ job: Job }>(`/jobs/${enc(id)}`),
    log: (id: string, after?: number) => http.get<{ lines: JobLogLine[] }>(`/jobs/${enc(id)}/log`, { query: { after } }),
    cancel: (id: string) => http.post<{ job: Job }>(`/jobs/${enc(id)}/cancel`),
  },

  servers: {
    list: () => http.get<{ items: ServerSummary[] }>("/servers"),
    get: (id: string) => http.get<ServerDetail>(`/servers/${enc(id)}`),
    load: (id: string) => http.get<ServerLoad>(`/servers/${enc(id)}/load`),
    add: (body: { name: string; panelUrl: string }) => http.post<NewServerToken>("/servers", body),
    newToken: (id: string, panelUrl: string) => http.post<NewServerToken>(`/servers/${enc(id)}/token`, { panelUrl }),
    revoke: (id: string) => http.del<{ server: ServerSummary }>(`/servers/${enc(id)}`),
  },

  docker: dockerApi,
  templates: templatesApi,
  apps: appsApi,
  domains: domainsApi,
  tls: tlsApi,
  privateUrls: privateUrlsApi,
  databases: databasesApi,
  backups: backupsApi,
  alerts: alertsApi,
  metrics: metricsApi,
  logs: logsApi,
  projects: projectsApi,
  wordpress: wordpressApi,
};

/** WebSocket URL for the multiplexed live stream. */
export const wsUrl = (): string =>
  `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/api/v1/ws`;
