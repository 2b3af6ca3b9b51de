// Streaming dump download and import. The body of an import is the raw file (any size; the
// route has its own upload limit in app.ts) and is never held in memory.
import { z } from "zod";
import { idParam, param, type Router } from "../route.ts";
import type { Services } from "../services.ts";

export function databaseTransferRoutes(r: Router, s: Services): void {
  const { databases } = s;

  r.add({
    method: "get",
    path: "/database-servers/:id/databases/:name/dump",
    summary: "Download a dump (MariaDB: .sql.gz; PostgreSQL: pg_dump custom format). Streamed; recorded in the audit log.",
    access: "databases:manage",
    handler: async (c, { principal }) => {
      const { stream, filename, type } = await databases.transfer.download(idParam(c), param(c, "name"));
      await s.audit.record({ actorId: principal.userId, actor: principal.username, action: "databases.download", target: `database:${param(c, "name")}`, result: "success", requestId: c.get("requestId") });
      return new Response(stream, { headers: { "content-type": type, "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" } });
    },
  });

  r.add({
    method: "post",
    path: "/database-servers/:id/databases/:name/import",
    summary: "Import an uploaded .sql, .sql.gz or .dump (raw request body; ?filename= names the format). Loaded into a staging database and swapped in only when complete.",
    access: "databases:manage",
    audit: "databases.import",
    query: z.object({ filename: z.string().min(1).max(255) }),
    handler: async (c, { query }) => {
      const name = param(c, "name");
      c.get("audit").target = `database:${name}`;
      c.get("audit").details = { filename: query.filename };
      const body = c.req.raw.body;
      if (!body) return c.json({ error: { code: "empty_upload", message: "The request has no body: send the file as the body." } }, 400);
      const result = await databases.transfer.import(idParam(c), name, query.filename, body, c.req.raw.signal);
      return c.json({ imported: result });
    },
  });
}
