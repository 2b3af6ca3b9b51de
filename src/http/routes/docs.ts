import { buildOpenApi } from "../openapi.ts";
import type { Router } from "../route.ts";
import type { Services } from "../services.ts";

export function docsRoutes(r: Router, s: Services): void {
  let cached: unknown;
  r.add({
    method: "get",
    path: "/openapi.json",
    summary: "This API described as OpenAPI 3.1.",
    access: "api:docs",
    handler: (c) => c.json((cached ??= buildOpenApi(r.routes, s.version))),
  });
}
