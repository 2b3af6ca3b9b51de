import { iso } from "../lib/time.ts";
import type { JobRow } from "./repo.ts";

export interface PublicJob {
  id: string;
  kind: string;
  serverId: string;
  target: string | null;
  status: JobRow["status"];
  progress: number;
  step: string | null;
  error: string | null;
  result: unknown;
  attempts: number;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const toPublicJob = (r: JobRow): PublicJob => ({
  id: r.id,
  kind: r.kind,
  serverId: r.serverId,
  target: r.target,
  status: r.status,
  progress: r.progress,
  step: r.step,
  error: r.error,
  result: r.result ? JSON.parse(r.result) : null,
  attempts: r.attempts,
  createdBy: r.createdBy,
  createdAt: iso(r.createdAt)!,
  startedAt: iso(r.startedAt),
  finishedAt: iso(r.finishedAt),
});
