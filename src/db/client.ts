// Opens the panel database: bun:sqlite by default (works inside the compiled binary with no
// native file), @libsql/client for libsql:/http(s):/file: URLs. Same drizzle schema for both.
import { Database as BunSqlite } from "bun:sqlite";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { drizzle as drizzleBun } from "drizzle-orm/bun-sqlite";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import * as schema from "./schema/index.ts";

export type Db = BaseSQLiteDatabase<"sync" | "async", unknown, typeof schema>;

/** The little raw access migrations need; everything else goes through drizzle. */
export interface RawAccess {
  query<T>(sql: string): Promise<T[]>;
  /** Runs statements atomically: all or none. */
  atomic(statements: string[]): Promise<void>;
}

export interface DatabaseHandle {
  db: Db;
  driver: "bun-sqlite" | "libsql";
  raw: RawAccess;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  dataDir: string;
  databaseUrl?: string;
}

function openBunSqlite(path: string): DatabaseHandle {
  const sqlite = new BunSqlite(path, { create: true, strict: true });
  sqlite.run("PRAGMA journal_mode = WAL");
  sqlite.run("PRAGMA busy_timeout = 5000");
  sqlite.run("PRAGMA foreign_keys = ON");
  sqlite.run("PRAGMA synchronous = NORMAL");
  return {
    db: drizzleBun(sqlite, { schema }) as unknown as Db,
    driver: "bun-sqlite",
    raw: {
      query: async <T>(sql: string) => sqlite.query(sql).all() as T[],
      atomic: async (statements) => {
        sqlite.transaction(() => {
          for (const s of statements) sqlite.run(s);
        }).immediate();
      },
    },
    close: async () => sqlite.close(),
  };
}

async function openLibsql(url: string): Promise<DatabaseHandle> {
  // Loaded only when asked for, so the default path carries none of it.
  const { createClient } = await import("@libsql/client");
  const { drizzle } = await import("drizzle-orm/libsql");
  const client = createClient({ url, authToken: process.env.SERVERKIT_DATABASE_TOKEN });
  if (url.startsWith("file:")) {
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute("PRAGMA busy_timeout = 5000");
  }
  await client.execute("PRAGMA foreign_keys = ON");
  return {
    db: drizzle(client, { schema }) as unknown as Db,
    driver: "libsql",
    raw: {
      query: async <T>(sql: string) => (await client.execute(sql)).rows as unknown as T[],
      atomic: async (statements) => {
        await client.batch(statements, "write");
      },
    },
    close: async () => client.close(),
  };
}

export async function openDatabase(opts: DatabaseOptions): Promise<DatabaseHandle> {
  const url = opts.databaseUrl;
  if (url && /^(libsql|https?|wss?|file):/.test(url)) return openLibsql(url);
  if (url) throw new Error(`unsupported database URL scheme: ${url.split(":")[0]}`);
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  return openBunSqlite(join(opts.dataDir, "serverkit.db"));
}
