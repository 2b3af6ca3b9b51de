import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "./client.ts";
import { migrate, migrationStatus, SchemaTooNewError } from "./migrate.ts";
import { migrations } from "./migrations/index.ts";
import { drivers } from "./testing.ts";

for (const driver of drivers) {
  describe(`migrations on ${driver}`, () => {
    const open = () => {
      const dir = mkdtempSync(join(tmpdir(), "sk-mig-"));
      return openDatabase({ dataDir: dir, databaseUrl: driver === "libsql" ? `file:${join(dir, "x.db")}` : undefined });
    };

    test("apply once, then nothing to do", async () => {
      const h = await open();
      expect(await migrate(h.raw)).toEqual(migrations.map((m) => m.tag));
      expect(await migrate(h.raw)).toEqual([]);
      const status = await migrationStatus(h.raw);
      expect(status.pending).toEqual([]);
      const tables = await h.raw.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type='table'");
      expect(tables.map((t) => t.name)).toContain("users");
      await h.close();
    });

    test("refuses a database migrated by a newer version", async () => {
      const h = await open();
      await migrate(h.raw);
      await h.raw.atomic(["INSERT INTO schema_migrations (tag, applied_at) VALUES ('9999_future', 1)"]);
      await expect(migrate(h.raw)).rejects.toBeInstanceOf(SchemaTooNewError);
      await h.close();
    });

    test("a failing migration leaves nothing half-applied", async () => {
      const h = await open();
      await migrate(h.raw);
      const broken = [...migrations, { tag: "0001_broken", sql: "CREATE TABLE half (x int);\n--> statement-breakpoint\nTHIS IS NOT SQL" }];
      await expect(migrate(h.raw, broken)).rejects.toThrow();
      const tables = await h.raw.query<{ name: string }>("SELECT name FROM sqlite_master WHERE name='half'");
      expect(tables).toEqual([]);
      expect((await migrationStatus(h.raw, broken)).pending).toEqual(["0001_broken"]);
      await h.close();
    });
  });
}
