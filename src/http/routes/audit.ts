import { z } from "zod";
import type { Router } from "../route.ts";
import { limit } from "../schemas.ts";
import type { Services } from "../services.ts";

export function auditRoutes(r: Router, s: Services): void {
  r.add({
    method: "get",
    path: "/audit",
    summary: "The audit log, newest first, with filters and cursor paging.",
    access: "audit:read",
    query: z.object({
      actor: z.string().max(64).optional(),
      action: z.string().max(64).optional(),
      result: z.enum(["success", "failure"]).optional(),
      q: z.string().max(100).optional(),
      before: z.coerce.number().int().positive().optional(),
      limit: limit(),
    }),
    handler: async (c, { query }) => c.json(await s.audit.list(query)),
  });
}
