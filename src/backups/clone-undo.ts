// What a clone (clone-job.ts) has made so far, written to disk after each thing it makes, so
// that a failure, or a panel that dies mid-clone, takes all of it away again: the new app's
// record and containers, its volumes, its folder, its databases and users. Only things the
// clone created are listed, so undoing never reaches the original app or anything older.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DatabaseCopy } from "../databases/index.ts";
import type { Target } from "../docker/target.ts";
import type { Logger } from "../lib/log.ts";
import type { CloneDeps } from "./clone-job.ts";

export interface CloneMade {
  serverId: string;
  appId: number | null;
  /** Set once the deploy succeeded: from then on the clone is an app like any other. */
  deployed: boolean;
  volumes: string[];
  folder: string | null;
  dbs: DatabaseCopy[];
}

const SUFFIX = ".clone.json";

export class CloneJournal {
  readonly made: CloneMade;
  private readonly file: string;

  constructor(stagingDir: string, jobId: string, serverId: string) {
    this.file = join(stagingDir, `${jobId}${SUFFIX}`);
    this.made = { serverId, appId: null, deployed: false, volumes: [], folder: null, dbs: [] };
    this.save();
  }

  save(): void {
    // Holds the new databases' admin connection (with password): readable by the panel only.
    writeFileSync(this.file, JSON.stringify(this.made), { mode: 0o600 });
  }

  done(): void {
    rmSync(this.file, { force: true });
  }
}

/** Removes what a clone made, newest first; every step is tried even when one fails. */
export async function undoClone(d: Pick<CloneDeps, "clone">, target: Target, made: CloneMade, log: (line: string) => void): Promise<void> {
  if (made.deployed) return;
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      log(`Could not remove ${what}: ${(err as Error).message}`);
    }
  };
  if (made.appId !== null) {
    const app = made.appId;
    await attempt("the new app's record", () => d.clone.discardApp(app));
  }
  // A deploy that failed has already run `compose down --volumes`; what is left goes here.
  for (const name of made.volumes) {
    await attempt(`volume ${name}`, async () => {
      if ((await target.call("volumes.list", {})).some((v) => v.name === name)) await target.call("volumes.remove", { name });
    });
  }
  if (made.folder) rmSync(made.folder, { recursive: true, force: true });
  for (const copy of made.dbs) await attempt(`database ${copy.database}`, () => d.clone.discardDatabase(copy));
}

/** At start, before restores are recovered (they empty the staging folder): undoes clones a crash cut short. */
export async function recoverClones(d: Pick<CloneDeps, "clone" | "target">, stagingDir: string, log: Logger): Promise<number> {
  if (!existsSync(stagingDir)) return 0;
  let undone = 0;
  for (const name of readdirSync(stagingDir).filter((n) => n.endsWith(SUFFIX))) {
    const path = join(stagingDir, name);
    try {
      const made = JSON.parse(readFileSync(path, "utf8")) as CloneMade;
      await undoClone(d, await d.target(made.serverId), made, (line) => log.warn(line));
      undone++;
    } catch (err) {
      log.error("could not undo an interrupted clone", { err, journal: name });
    }
    rmSync(path, { force: true });
  }
  return undone;
}
