// Applies embedded migrations in order, each in its own transaction together with its
// bookkeeping row, so a crash mid-way leaves either the old or the new schema, never half.
import type { RawAccess } from "./client.ts";
import { migrations as embedded, statementsOf, type Migration } from "./migrations/index.ts";

export class SchemaTooNewError extends Error {
  override name = "SchemaTooNewError";
}

export interface MigrationStatus {
  applied: { tag: string; appliedAt: number }[];
  pending: string[];
  unknown: string[];
}

const LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (tag TEXT PRIMARY KEY NOT NULL, applied_at INTEGER NOT NULL)`;

export async function migrationStatus(raw: RawAccess, known: readonly Migration[] = embedded): Promise<MigrationStatus> {
  await raw.atomic([LEDGER]);
  const rows = await raw.query<{ tag: string; applied_at: number }>(
    "SELECT tag, applied_at FROM schema_migrations ORDER BY tag",
  );
  const appliedTags = new Set(rows.map((r) => r.tag));
  const knownTags = new Set(known.map((m) => m.tag));
  return {
    applied: rows.map((r) => ({ tag: r.tag, appliedAt: Number(r.applied_at) })),
    pending: known.filter((m) => !appliedTags.has(m.tag)).map((m) => m.tag),
    unknown: rows.filter((r) => !knownTags.has(r.tag)).map((r) => r.tag),
  };
}

/** Returns the tags applied now. Refuses a database migrated by a newer serverkit. */
export async function migrate(raw: RawAccess, known: readonly Migration[] = embedded): Promise<string[]> {
  const status = await migrationStatus(raw, known);
  if (status.unknown.length > 0) {
    throw new SchemaTooNewError(
      `database has migrations this serverkit does not know (${status.unknown.join(", ")}); it was used by a newer version`,
    );
  }
  const applied: string[] = [];
  for (const m of known) {
    if (!status.pending.includes(m.tag)) continue;
    // Tags are ours and embedded at build time; the pattern keeps them plain literals.
    if (!/^\d{4}_[a-z0-9_]+$/.test(m.tag)) throw new Error(`bad migration tag ${m.tag}`);
    await raw.atomic([
      ...statementsOf(m.sql),
      `INSERT INTO schema_migrations (tag, applied_at) VALUES ('${m.tag}', ${Date.now()})`,
    ]);
    applied.push(m.tag);
  }
  return applied;
}
