// The audit log: who did what, to what, from where, and whether it worked.
import type { Db } from "../db/index.ts";
import { iso } from "../lib/time.ts";
import type { Logger } from "../lib/log.ts";
import { AuditRepo, type AuditFilter, type AuditRow } from "./repo.ts";

export interface AuditEntry {
  actorId?: number | null;
  actor?: string | null;
  action: string;
  target?: string | null;
  ip?: string | null;
  result: "success" | "failure";
  details?: Record<string, unknown> | null;
  requestId?: string | null;
}

export interface PublicAuditEntry {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  result: "success" | "failure";
  details: unknown;
}

const toPublic = (r: AuditRow): PublicAuditEntry => ({
  id: r.id,
  at: iso(r.at)!,
  actor: r.actor,
  action: r.action,
  target: r.target,
  ip: r.ip,
  result: r.result,
  details: r.details ? JSON.parse(r.details) : null,
});

export function createAudit(db: Db, log: Logger) {
  const repo = new AuditRepo(db);
  return {
    async record(e: AuditEntry): Promise<void> {
      try {
        await repo.insert({
          at: Date.now(),
          actorId: e.actorId ?? null,
          actor: e.actor ?? null,
          action: e.action,
          target: e.target ?? null,
          ip: e.ip ?? null,
          result: e.result,
          details: e.details ? JSON.stringify(e.details) : null,
          requestId: e.requestId ?? null,
        });
      } catch (err) {
        // Losing an audit row must be loud, but must not turn a done action into a reported failure.
        log.error("audit write failed", { err, action: e.action });
      }
    },
    async list(f: AuditFilter): Promise<{ items: PublicAuditEntry[]; nextBefore: number | null }> {
      const rows = await repo.list(f);
      return { items: rows.map(toPublic), nextBefore: rows.length === f.limit ? rows[rows.length - 1]!.id : null };
    },
  };
}

export type Audit = ReturnType<typeof createAudit>;
export type { AuditFilter };
