import type { Router } from "../route.ts";
import type { Services } from "../services.ts";

export function healthRoutes(r: Router, s: Services): void {
  r.add({
    method: "get",
    path: "/health",
    summary: "Liveness: answers when the panel is up and its database opened.",
    access: "public",
    handler: (c) => c.json({ status: "ok", version: s.version, uptimeSeconds: Math.round((Date.now() - s.startedAt) / 1000) }),
  });
}
