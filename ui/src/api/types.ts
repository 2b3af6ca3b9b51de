/** Entity shapes of the ServerKit API (/api/v1). Dates are ISO strings. */

export type Role = "owner" | "admin" | "operator" | "viewer";
export const ROLES: readonly Role[] = ["owner", "admin", "operator", "viewer"];

export interface User {
  id: string;
  username: string;
  email: string | null;
  role: Role;
  totpEnabled: boolean;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface Session {
  user: User;
  csrfToken: string;
}

export interface TwoFactorChallenge {
  twoFactorRequired: true;
  challenge: string;
}

export type LoginReply = Session | TwoFactorChallenge;

export interface Health {
  status: "ok";
  version: string;
  uptimeSeconds: number;
}

export interface TotpEnrollment {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}

export type TokenScope = "read" | "write";

export interface ApiToken {
  id: string;
  name: string;
  scope: TokenScope;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  result: "success" | "failure";
  details: unknown;
}

/** A page of a newest-first list; pass nextBefore back as `before` to get the next page. */
export interface Page<T, Cursor = number> {
  items: T[];
  nextBefore: Cursor | null;
}

export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled" | "interrupted";
export const JOB_STATUSES: readonly JobStatus[] = ["queued", "running", "succeeded", "failed", "cancelled", "interrupted"];

export interface Job {
  id: string;
  kind: string;
  target: string | null;
  status: JobStatus;
  progress: number;
  step: string | null;
  error: string | null;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface JobLogLine {
  seq: number;
  at: string;
  level: string;
  text: string;
}

export interface ServerSummary {
  id: string;
  name: string;
  /** pending: added, the agent has not registered yet. */
  status: "online" | "offline" | "pending" | "revoked";
  kind: "local" | "agent";
  createdAt?: string;
  lastSeenAt?: string | null;
  revokedAt?: string | null;
  /** The load an agent reported with its last heartbeat. */
  load?: ServerLoad | null;
}

/** POST /servers: the one-time registration token is shown once. */
export interface NewServerToken {
  server: ServerSummary;
  token: string;
  expiresAt: string;
  command: string;
  /** Fetches the binary from this panel and checks its sha256; null when the panel runs from source. */
  download: string | null;
  install: string;
}

export interface DiskFacts {
  mount: string;
  fs: string;
  sizeBytes: number;
  usedBytes: number;
}

export interface ServerFacts {
  hostname: string;
  os: { distro: string; release: string; kernel: string; arch: string };
  cpu: { model: string; cores: number };
  memory: { totalBytes: number };
  disks: DiskFacts[];
  uptimeSeconds: number;
  docker: { available: boolean; version: string | null; containers?: number; error?: string };
}

export interface ServerDetail {
  server: ServerSummary;
  facts: ServerFacts;
}

export interface ServerLoad {
  at: string;
  cpuPercent: number;
  memory: { usedBytes: number; totalBytes: number };
  disk: { usedBytes: number; totalBytes: number };
  network: { rxBytesPerSec: number; txBytesPerSec: number };
  load: [number, number, number];
}
