// Test support: a fresh migrated database on each driver, so repository tests run on both.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type DatabaseHandle } from "./client.ts";
import { migrate } from "./migrate.ts";

export const drivers = ["bun-sqlite", "libsql"] as const;
export type DriverName = (typeof drivers)[number];

export async function freshDatabase(driver: DriverName): Promise<DatabaseHandle & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "sk-db-"));
  const handle = await openDatabase({
    dataDir: dir,
    databaseUrl: driver === "libsql" ? `file:${join(dir, "libsql.db")}` : undefined,
  });
  await migrate(handle.raw);
  return {
    ...handle,
    dir,
    close: async () => {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
