// What a sync has created or swapped so far, written to disk before each risky step, so that a
// panel that dies mid-sync can leave the target as it was at the next start: the staging
// database is dropped, a swap that happened is undone, containers it stopped are started.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withClient } from "../databases/engines/client.ts";
import { engineOf } from "../databases/engines/index.ts";
import type { Conn, EngineId } from "../databases/engines/types.ts";
import { swapDatabases } from "../databases/swap.ts";
import type { Logger } from "../lib/log.ts";
import { startContainers } from "./app-control.ts";
import type { SyncDeps } from "./sync-types.ts";

export interface SyncJournalState {
  runId: number;
  targetAppId: number;
  live: string;
  staging: string | null;
  /** Set before the swap starts: where the live database goes. */
  old: string | null;
  /** Containers the sync stopped (to start again). */
  stopped: { serverId: string; ids: string[] } | null;
}

export class SyncJournal {
  private readonly file: string;

  constructor(
    dir: string,
    readonly state: SyncJournalState,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.file = join(dir, `run-${state.runId}.json`);
    this.save();
  }

  save(): void {
    writeFileSync(this.file, JSON.stringify(this.state), { mode: 0o600 });
  }

  done(): void {
    rmSync(this.file, { force: true });
  }
}

export const journalDir = (dataDir: string) => join(dataDir, "sync-staging");

async function exists(engine: EngineId, conn: Conn, name: string): Promise<boolean> {
  const pg = engine === "postgres";
  return withClient(pg ? "postgres" : "mariadb", { ...conn, database: pg ? "postgres" : "" }, () => undefined, async (sql) => {
    const rows = pg ? await sql`SELECT 1 AS x FROM pg_catalog.pg_database WHERE datname = ${name}` : await sql`SELECT 1 AS x FROM information_schema.schemata WHERE schema_name = ${name}`;
    return rows.length > 0;
  });
}

/**
 * Puts the target back as it was before the journal's sync. Each state the swap can be cut in
 * is told apart by which databases exist: staging still there means no swap happened (MariaDB
 * moves every table in one statement; PostgreSQL renames live away first, so a missing live
 * with staging present means only that first rename happened).
 */
export async function undoSync(engine: EngineId, conn: Conn, j: SyncJournalState): Promise<void> {
  const drop = (name: string) => engineOf(engine).dropDatabase(conn, name);
  const stagingThere = j.staging !== null && (await exists(engine, conn, j.staging));
  const oldThere = j.old !== null && (await exists(engine, conn, j.old));
  const liveThere = await exists(engine, conn, j.live);
  if (stagingThere) {
    if (oldThere && !liveThere) {
      await withClient("postgres", { ...conn, database: "postgres" }, () => undefined, (sql) => sql.unsafe(`ALTER DATABASE "${j.old}" RENAME TO "${j.live}"`));
    } else if (oldThere) {
      await drop(j.old!); // MariaDB created it empty and stopped before the rename
    }
    await drop(j.staging!);
  } else if (oldThere) {
    // Swapped: the synced copy goes, the previous database comes back.
    const discard = await swapDatabases(engine, conn, j.live, j.old!);
    await drop(discard);
  }
}

/** At start, before jobs run: undoes syncs a panel stop cut short. Returns their run ids. */
export async function recoverSyncs(
  deps: Pick<SyncDeps, "appDatabase" | "target">,
  dataDir: string,
  log: Logger,
  succeeded: (runId: number) => Promise<boolean>,
): Promise<number[]> {
  const dir = journalDir(dataDir);
  if (!existsSync(dir)) return [];
  const runs: number[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(".json")) continue;
    const path = join(dir, name);
    try {
      const j = JSON.parse(readFileSync(path, "utf8")) as SyncJournalState;
      // Recorded as succeeded: the stop came after the swap and the restart, only this file was left.
      if (!(await succeeded(j.runId))) {
        runs.push(j.runId);
        const db = await deps.appDatabase(j.targetAppId);
        await undoSync(db.engine, db.conn, j);
      }
      if (j.stopped) await startContainers(await deps.target(j.stopped.serverId), j.stopped.ids, () => undefined);
      rmSync(path, { force: true });
    } catch (err) {
      // Kept: the next start tries again (e.g. the database's container was not up yet).
      log.error("could not undo an interrupted sync", { err, journal: name });
    }
  }
  return runs;
}
