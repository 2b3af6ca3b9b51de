// Log history search and export, filtered on the server that holds the logs.
//   GET /servers/:server/containers/:id/logs/search   docker:read
//   GET /servers/:server/containers/:id/logs/export   docker:read   (text/plain, streamed)
//   GET /apps/:id/logs/search                         apps:read     (all the app's containers, merged by time)
//   GET /apps/:id/logs/export                         apps:read
// Query: q, regex, case, levels=error,warn, range=15m|1h|6h|1d|7d|custom, since, until, limit.
// Live logs are the container-logs:<server>:<id> WebSocket topic.
import { z } from "zod";
import { containerRef } from "../../protocol/index.ts";
import { flag, pathRef, serverOf } from "../docker-params.ts";
import { idParam, type Router } from "../route.ts";
import type { Services } from "../services.ts";

const searchQuery = z.object({
  q: z.string().max(1000).optional(),
  regex: flag(false),
  case: flag(false),
  levels: z.string().max(100).optional(),
  range: z.string().max(16).optional(),
  since: z.string().max(40).optional(),
  until: z.string().max(40).optional(),
  limit: z.coerce.number().int().optional(),
});
type SearchQuery = z.infer<typeof searchQuery>;

const input = (q: SearchQuery) => ({ q: q.q, regex: q.regex, caseSensitive: q.case, levels: q.levels, range: q.range, since: q.since, until: q.until, limit: q.limit });
/** Attachment names from container/app names, which are already [A-Za-z0-9_.-]. */
const attachment = (name: string, body: ReadableStream<Uint8Array>) =>
  new Response(body, {
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "content-disposition": `attachment; filename="${name.replace(/[^A-Za-z0-9_.-]/g, "_")}.log"`,
      "cache-control": "no-store",
    },
  });

export function logRoutes(r: Router, s: Services): void {
  const { logs } = s;
  const id = (c: Parameters<typeof serverOf>[0]) => pathRef(c, "id", containerRef, "container id or name");

  r.add({
    method: "get",
    path: "/servers/:server/containers/:id/logs/search",
    summary: "The newest log lines of a container matching text or a regex, levels and a time range, with match positions.",
    access: "docker:read",
    query: searchQuery,
    handler: async (c, { query }) => c.json(await logs.searchContainer(serverOf(c), id(c), input(query))),
  });

  r.add({
    method: "get",
    path: "/servers/:server/containers/:id/logs/export",
    summary: "Every log line of a container matching the search, as a text download (streamed, ANSI removed).",
    access: "docker:read",
    query: searchQuery,
    handler: async (c, { query }) => attachment(id(c), await logs.exportContainer(serverOf(c), id(c), input(query))),
  });

  r.add({
    method: "get",
    path: "/apps/:id/logs/search",
    summary: "The newest matching log lines across an app's containers, merged by time.",
    access: "apps:read",
    query: searchQuery,
    handler: async (c, { query }) => c.json(await logs.searchApp(idParam(c), input(query))),
  });

  r.add({
    method: "get",
    path: "/apps/:id/logs/export",
    summary: "Every matching log line of an app's containers as a text download (streamed, merged by time).",
    access: "apps:read",
    query: searchQuery,
    handler: async (c, { query }) => {
      const { name, body } = await logs.exportApp(idParam(c), input(query));
      return attachment(name, body);
    },
  });
}
