// truncate_tables: empties the tables matching the patterns (in the staging copy, during a
// sync) and says how many rows each held. No CASCADE: a foreign key from a table that is not
// emptied too would silently take that table's rows with it (PostgreSQL) or fail half-way
// (MariaDB), so such a key is reported up front and nothing is touched.
import type { SQL } from "bun";
import { num } from "../databases/engines/client.ts";
import { invalid } from "../lib/errors.ts";
import { listTables, tableIdent, withTarget } from "./catalog.ts";
import type { DbTarget } from "./search-replace.ts";
import { assertTablePatterns, matchTables } from "./table-patterns.ts";

export interface TruncateOptions {
  /** Count the rows, empty nothing. */
  dryRun?: boolean;
  log?: (line: string) => void;
}

export interface TruncatedTable {
  table: string;
  /** Rows it held before. */
  rows: number;
}

export async function truncateTables(t: DbTarget, patterns: string[], o: TruncateOptions = {}): Promise<TruncatedTable[]> {
  const log = o.log ?? (() => {});
  assertTablePatterns(patterns); // before connecting
  if (patterns.length === 0) return [];
  return withTarget(t, async (sql) => {
    const all = await listTables(sql, t.engine);
    const chosen = matchTables(all.map((x) => x.name), patterns).map((n) => all.find((x) => x.name === n)!);
    if (chosen.length === 0) {
      log(`Truncate: no table matches ${patterns.join(", ")}`);
      return [];
    }
    const idents = chosen.map((c) => tableIdent(t.engine, c)); // refuses odd names before anything runs
    const fks = await foreignKeys(sql, t.engine);
    const set = new Set(chosen.map((c) => c.name));
    const blocking = fks.find((k) => set.has(k.referenced) && !set.has(k.from));
    if (blocking) {
      throw invalid(
        "truncate_blocked_by_fk",
        `Cannot empty ${blocking.referenced}: ${blocking.from} refers to it through a foreign key and is not emptied too. Add ${blocking.from} to the tables to truncate, or leave ${blocking.referenced} out.`,
        { table: blocking.referenced, referencedBy: blocking.from },
      );
    }
    const run = async (q: SQL) => {
      const out: TruncatedTable[] = [];
      for (const [i, c] of chosen.entries()) {
        const [row] = await q.unsafe(`SELECT COUNT(*) AS n FROM ${idents[i]}`);
        out.push({ table: c.name, rows: num((row as { n: unknown }).n) });
      }
      if (!o.dryRun) await empty(q, t.engine, idents, fks.some((k) => set.has(k.referenced)));
      return out;
    };
    const out = t.engine === "postgres" && !o.dryRun ? await sql.begin(run) : await run(sql);
    for (const r of out) log(`${r.table}: ${r.rows} rows ${o.dryRun ? "would be emptied" : "emptied"}`);
    return out;
  });
}

async function empty(sql: SQL, engine: DbTarget["engine"], idents: string[], keysInside: boolean): Promise<void> {
  if (engine === "postgres") {
    // One statement: keys between the emptied tables are fine when they all go at once.
    await sql.unsafe(`TRUNCATE TABLE ${idents.join(", ")}`);
    return;
  }
  // MariaDB refuses TRUNCATE of any referenced table, even when the referencing one is emptied
  // too; every key involved was checked above to be between emptied tables.
  if (keysInside) await sql.unsafe("SET SESSION foreign_key_checks = 0");
  try {
    for (const ident of idents) await sql.unsafe(`TRUNCATE TABLE ${ident}`);
  } finally {
    if (keysInside) await sql.unsafe("SET SESSION foreign_key_checks = 1");
  }
}

/** Every foreign key as (referencing table, referenced table), by display name. */
async function foreignKeys(sql: SQL, engine: DbTarget["engine"]): Promise<{ from: string; referenced: string }[]> {
  const rows: { fs: string; ft: string; rs: string; rt: string }[] =
    engine === "mariadb"
      ? await sql.unsafe(
          `SELECT NULL AS fs, TABLE_NAME AS ft, NULL AS rs, REFERENCED_TABLE_NAME AS rt
             FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()`,
        )
      : await sql.unsafe(
          `SELECT fn.nspname AS fs, f.relname AS ft, rn.nspname AS rs, r.relname AS rt
             FROM pg_catalog.pg_constraint k
             JOIN pg_catalog.pg_class f ON f.oid = k.conrelid JOIN pg_catalog.pg_namespace fn ON fn.oid = f.relnamespace
             JOIN pg_catalog.pg_class r ON r.oid = k.confrelid JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
            WHERE k.contype = 'f'`,
        );
  const name = (s: string | null, t: string) => (s === null || s === "public" ? t : `${s}.${t}`);
  return rows.map((r) => ({ from: name(r.fs, String(r.ft)), referenced: name(r.rs, String(r.rt)) }));
}
