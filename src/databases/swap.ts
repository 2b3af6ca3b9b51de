// Restores never write into a live database: they fill a staging database, and only when that
// worked is it swapped in. PostgreSQL renames databases; MariaDB has no RENAME DATABASE, but
// one multi-table RENAME TABLE statement moves every table atomically. Names pass DB_NAME first,
// (tables: assertTableName), so wrapping them in quotes/backticks is all the quoting they need.
import { randomBytes } from "node:crypto";
import { engineOf } from "./engines/index.ts";
import { withClient } from "./engines/client.ts";
import { assertTableName } from "./engines/common.ts";
import type { Conn, EngineId } from "./engines/types.ts";
import { assertDbName } from "./names.ts";

const noClassify = () => undefined;
const pgId = (n: string) => `"${assertDbName("database", n)}"`;
const myId = (n: string) => `\`${assertDbName("database", n)}\``;

/** `<live>_<tag><6 hex>`, cut to fit the 63-character limit. */
export const sideName = (live: string, tag: "r" | "o") => `${live.slice(0, 54)}_${tag}${randomBytes(3).toString("hex")}`;

/** Creates an empty staging database beside `live`, owned like it (PostgreSQL), so a restore into it ends up with the same owner. */
export async function stageDatabase(engine: EngineId, conn: Conn, live: string): Promise<string> {
  const staging = sideName(live, "r");
  await engineOf(engine).createDatabase(conn, staging);
  if (engine === "postgres") {
    const owner = await withClient("postgres", { ...conn, database: "postgres" }, noClassify, async (sql) => {
      const rows = await sql`SELECT pg_catalog.pg_get_userbyid(datdba) AS owner FROM pg_catalog.pg_database WHERE datname = ${live}`;
      return rows[0] ? String(rows[0].owner) : null;
    });
    if (owner && owner !== conn.user) await engineOf(engine).grantAll(conn, staging, owner);
  }
  return staging;
}

/** Swaps `staging` in as `live`; the previous `live` is kept under the returned name until the caller drops it. */
export async function swapDatabases(engine: EngineId, conn: Conn, live: string, staging: string, old = sideName(live, "o")): Promise<string> {
  if (engine === "postgres") {
    await withClient("postgres", { ...conn, database: "postgres" }, noClassify, async (sql) => {
      // Renaming needs the database idle: the app is stopped, but a pool may linger.
      await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname IN (${live}, ${staging}) AND pid <> pg_backend_pid()`;
      await sql.unsafe(`ALTER DATABASE ${pgId(live)} RENAME TO ${pgId(old)}`);
      try {
        await sql.unsafe(`ALTER DATABASE ${pgId(staging)} RENAME TO ${pgId(live)}`);
      } catch (err) {
        await sql.unsafe(`ALTER DATABASE ${pgId(old)} RENAME TO ${pgId(live)}`);
        throw err;
      }
    });
    return old;
  }
  await withClient("mariadb", { ...conn, database: "" }, noClassify, async (sql) => {
    const tables = async (db: string) =>
      (await sql`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ${db}`).map((r: { t: string }) => assertTableName(String(r.t)));
    const [liveTables, stagedTables] = await Promise.all([tables(live), tables(staging)]);
    await sql.unsafe(`CREATE DATABASE ${myId(old)} CHARACTER SET utf8mb4`);
    const moves = [
      ...liveTables.map((t: string) => `${myId(live)}.\`${t}\` TO ${myId(old)}.\`${t}\``),
      ...stagedTables.map((t: string) => `${myId(staging)}.\`${t}\` TO ${myId(live)}.\`${t}\``),
    ];
    // One statement: MariaDB applies all renames or none.
    if (moves.length) await sql.unsafe(`RENAME TABLE ${moves.join(", ")}`);
    await sql.unsafe(`DROP DATABASE ${myId(staging)}`);
  });
  return old;
}

/** Puts the previous database back after a failed restore step that followed the swap. */
export async function unswapDatabases(engine: EngineId, conn: Conn, live: string, old: string): Promise<void> {
  const discard = await swapDatabases(engine, conn, live, old);
  await engineOf(engine).dropDatabase(conn, discard);
}
