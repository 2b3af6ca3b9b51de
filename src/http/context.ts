import type { Principal } from "../auth/index.ts";
import type { Logger } from "../lib/log.ts";

export interface AuditNote {
  action?: string;
  target?: string | null;
  /** For sign-in attempts: who tried, since there is no principal yet. */
  actor?: string | null;
  actorId?: number | null;
  details?: Record<string, unknown>;
  /** Record this read too (reads are not audited unless a route asks). */
  always?: boolean;
}

export type AppEnv = {
  Variables: {
    requestId: string;
    log: Logger;
    principal: Principal | undefined;
    audit: AuditNote;
  };
};
