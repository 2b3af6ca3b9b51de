// A sync cut short by a panel stop leaves the target as it was at the next start, whatever
// step it stopped in: each state the journal can describe, produced for real on MariaDB and
// PostgreSQL, then undone.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { engineOf } from "../databases/engines/index.ts";
import type { Conn } from "../databases/engines/types.ts";
import { sideName, stageDatabase, swapDatabases } from "../databases/swap.ts";
import { sharedMariaDb, sharedPostgres } from "../databases/testing.ts";
import { withClient } from "../databases/engines/client.ts";
import { log } from "../lib/log.ts";
import { journalDir, recoverSyncs, SyncJournal, undoSync, type SyncJournalState } from "./sync-journal.ts";
import { databasesLike, query } from "./sync-testing.ts";
import { createWordPressFixture, snapshot } from "./wp-fixture.ts";

const ENGINES = [
  ["mariadb", sharedMariaDb],
  ["postgres", sharedPostgres],
] as const;

for (const [engine, start] of ENGINES) {
  describe(`an interrupted sync is undone on ${engine}`, () => {
    let server: { conn: Conn; stop(): Promise<void> };
    let n = 0;
    beforeAll(async () => {
      server = await start();
    }, 120_000);
    afterAll(() => server?.stop());

    /** A live database and a filled staging copy beside it, as after the import step. */
    async function staged() {
      const live = `jr_${engine.slice(0, 2)}_${process.pid}_${++n}`;
      await createWordPressFixture(engine, server.conn, live);
      const staging = await stageDatabase(engine, server.conn, live);
      const sql = engine === "mariadb" ? `CREATE TABLE marker (id INT PRIMARY KEY)` : `CREATE TABLE marker (id INT PRIMARY KEY)`;
      await query(engine, server.conn, staging, sql);
      const before = await snapshot(engine, server.conn, live);
      const state: SyncJournalState = { runId: n, targetAppId: 1, live, staging, old: null, stopped: null };
      return { live, staging, before, state };
    }
    const leftovers = (live: string) => databasesLike(engine, server.conn, `${live}_`);

    test("stopped after the import: staging dropped, live as it was", async () => {
      const { live, before, state } = await staged();
      await undoSync(engine, server.conn, state);
      expect(await snapshot(engine, server.conn, live)).toEqual(before);
      expect(await leftovers(live)).toEqual([]);
    }, 60_000);

    test("stopped after the swap: the previous database comes back, the copy goes", async () => {
      const { live, staging, before, state } = await staged();
      state.old = sideName(live, "o");
      await swapDatabases(engine, server.conn, live, staging, state.old);
      expect(await query(engine, server.conn, live, "SELECT count(*) AS n FROM marker")).toHaveLength(1); // the copy is live now
      await undoSync(engine, server.conn, state);
      expect(await snapshot(engine, server.conn, live)).toEqual(before);
      expect(await leftovers(live)).toEqual([]);
    }, 60_000);

    test("stopped inside the swap, after its first statement", async () => {
      const { live, before, state } = await staged();
      state.old = sideName(live, "o");
      if (engine === "mariadb") {
        // The swap creates the database to move live's tables into, then renames all at once.
        await engineOf(engine).createDatabase(server.conn, state.old);
      } else {
        // PostgreSQL renames live away first, then staging in.
        await withClient("postgres", { ...server.conn, database: "postgres" }, () => undefined, (sql) => sql.unsafe(`ALTER DATABASE "${live}" RENAME TO "${state.old}"`));
      }
      await undoSync(engine, server.conn, state);
      expect(await snapshot(engine, server.conn, live)).toEqual(before);
      expect(await leftovers(live)).toEqual([]);
    }, 60_000);

    test("at start: journals are read, undone and removed; a run recorded as succeeded is left alone", async () => {
      const dataDir = mkdtempSync(join(tmpdir(), "sk-sync-journal-"));
      try {
        const a = await staged();
        const b = await staged();
        b.state.old = sideName(b.live, "o");
        await swapDatabases(engine, server.conn, b.live, b.staging, b.state.old);
        new SyncJournal(journalDir(dataDir), a.state);
        new SyncJournal(journalDir(dataDir), b.state);
        const appDatabase = async () => ({ kind: "linked" as const, engine, dialect: engine, conn: server.conn, database: a.live, databaseServerId: 1, label: "" });
        const undone = await recoverSyncs({ appDatabase, target: async () => Promise.reject(new Error("no containers stopped")) }, dataDir, log, async (runId) => runId === b.state.runId);
        expect(undone).toEqual([a.state.runId]);
        expect(readdirSync(journalDir(dataDir))).toEqual([]);
        expect(await snapshot(engine, server.conn, a.live)).toEqual(a.before);
        expect(await leftovers(a.live)).toEqual([]);
        // b succeeded: its swap stands, the copy it kept stays for a revert.
        expect(await leftovers(b.live)).toEqual([b.state.old]);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }, 60_000);
  });
}
