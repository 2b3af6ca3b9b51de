// databases.drop: a safety dump first (kept in <dataDir>/safety-dumps, 0600), then the drop.
// If the dump fails, nothing is dropped.
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { JobKind } from "../jobs/index.ts";
import { dumpStream } from "./dump.ts";
import type { EngineId } from "./engines/types.ts";
import type { ContainerServers } from "./containers.ts";
import type { DatabaseServers } from "./registry.ts";
import type { DatabasesService } from "./service.ts";

const params = z.object({ databaseServerId: z.number().int().positive(), name: z.string().min(1).max(64) });
type DropParams = z.infer<typeof params>;

export function dropKind(d: { servers: DatabaseServers; containers: ContainerServers; service: DatabasesService; dumpDir: string }): JobKind<DropParams> {
  return {
    kind: "databases.drop",
    resumable: false,
    params,
    target: (p) => `database:${p.name}`,
    async run(ctx, p) {
      const server = await d.servers.get(p.databaseServerId);
      const engine = server.engine as EngineId;
      const dir = join(d.dumpDir, server.name);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = join(dir, `${p.name}-${new Date().toISOString().replace(/[:.]/g, "-")}.${engine === "postgres" ? "dump" : "sql"}`);
      await ctx.step(`Safety dump of ${p.name}`, 80, async () => {
        const container = await d.containers.ref(server);
        const { stream, done } = dumpStream({ conn: d.servers.conn(server), database: p.name, engine, signal: ctx.signal, container });
        writeFileSync(file, "", { mode: 0o600 }); // created private; Bun.write keeps the mode
        try {
          await Bun.write(Bun.file(file, { type: "application/octet-stream" }), new Response(stream));
          await done;
        } catch (err) {
          rmSync(file, { force: true });
          throw new Error(`The safety dump failed, so nothing was dropped: ${(err as Error).message}`);
        }
        ctx.log(`Safety dump written: ${file} (${statSync(file).size} bytes)`);
      });
      await ctx.step(`Dropping ${p.name}`, 100, () => d.service.drop(p.databaseServerId, p.name));
      return { dropped: p.name, safetyDump: file };
    },
  };
}
