// What a restore has staged or swapped so far, written to disk before each step, so a panel
// that dies mid-restore can undo it at the next start: staged copies are removed, and if the
// swap had begun, the previous data are put back and the app is started again.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { engineOf } from "../databases/engines/index.ts";
import { unswapDatabases } from "../databases/swap.ts";
import type { Logger } from "../lib/log.ts";
import type { RunDeps } from "./run-job.ts";

export interface JournalState {
  app: string | null;
  serverId: string | null;
  phase: "staging" | "swapping";
  dirs: { live: string; staged: string; old: string }[];
  dbs: { databaseServerId: number; database: string; staging: string; old?: string }[];
}

export class RestoreJournal {
  readonly state: JournalState;
  private readonly file: string;

  constructor(stagingDir: string, jobId: string, app: string | null, serverId: string | null) {
    this.file = join(stagingDir, `${jobId}.journal.json`);
    this.state = { app, serverId, phase: "staging", dirs: [], dbs: [] };
    this.save();
  }

  save(): void {
    writeFileSync(this.file, JSON.stringify(this.state), { mode: 0o600 });
  }

  done(): void {
    rmSync(this.file, { force: true });
  }
}

/** Undoes restores a crash interrupted (called at start, before jobs run). */
export async function recoverRestores(d: RunDeps, stagingDir: string, log: Logger): Promise<number> {
  if (!existsSync(stagingDir)) return 0;
  let recovered = 0;
  for (const name of readdirSync(stagingDir)) {
    const path = join(stagingDir, name);
    if (!name.endsWith(".journal.json")) continue;
    const j = JSON.parse(readFileSync(path, "utf8")) as JournalState;
    for (const dir of j.dirs) {
      if (j.phase === "swapping" && existsSync(dir.old)) {
        rmSync(dir.live, { recursive: true, force: true });
        renameSync(dir.old, dir.live);
      }
      rmSync(dir.staged, { recursive: true, force: true });
    }
    for (const db of j.dbs) {
      try {
        const src = await d.database(db.databaseServerId, db.database);
        if (db.old) await unswapDatabases(src.engine, src.conn, db.database, db.old);
        else await engineOf(src.engine).dropDatabase(src.conn, db.staging).catch(() => undefined);
      } catch (err) {
        log.error("could not undo an interrupted database restore", { err, database: db.database });
      }
    }
    if (j.phase === "swapping" && j.app && j.serverId) {
      const target = await d.target(j.serverId);
      for await (const _ of target.stream("compose.run", { app: j.app, action: "start", removeVolumes: false })) void _;
    }
    rmSync(path, { force: true });
    recovered++;
  }
  // Downloaded parts of interrupted restores and drills.
  for (const name of readdirSync(stagingDir)) rmSync(join(stagingDir, name), { recursive: true, force: true });
  return recovered;
}
