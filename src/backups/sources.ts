// What a backup is made of, as parts that each produce a plain byte stream in their final
// format: an app's Docker volumes and its folder (tar.zst), its linked databases (the engine's
// own dump: SQL compressed with zstd, or pg_dump's compressed custom format).
import { existsSync } from "node:fs";
import { compressStream } from "./archive.ts";
import { archiveDir } from "./archive.ts";
import { dumpStream } from "../databases/dump.ts";
import type { Conn, EngineId } from "../databases/engines/types.ts";
import type { ManifestPart } from "./manifest.ts";
import { tableCounts } from "../databases/table-counts.ts";

export interface PartSource {
  kind: ManifestPart["kind"];
  name: string;
  format: ManifestPart["format"];
  meta?: Record<string, unknown>;
  /** Starts producing; `done` rejects when the producer failed (even if the stream looked complete). */
  open(signal: AbortSignal): { stream: ReadableStream<Uint8Array>; done: Promise<void> };
}

export interface DatabaseSource {
  engine: EngineId;
  conn: Conn;
  database: string;
  databaseServerId: number;
}

export function volumePart(name: string, mountpoint: string): PartSource {
  return { kind: "volume", name, format: "tar.zst", meta: { volume: name }, open: (signal) => archiveDir(mountpoint, { signal }) };
}

export function filesPart(dir: string): PartSource | null {
  if (!existsSync(dir)) return null;
  return { kind: "files", name: "app files", format: "tar.zst", open: (signal) => archiveDir(dir, { signal }) };
}

/** Tables and row counts when the backup is taken: a restore drill compares against them. */
export async function databasePartWithCounts(db: DatabaseSource): Promise<PartSource> {
  const part = databasePart(db);
  part.meta = { ...part.meta, tables: await tableCounts(db.engine, db.conn, db.database).catch(() => null) };
  return part;
}

export function databasePart(db: DatabaseSource): PartSource {
  const meta: Record<string, unknown> = { engine: db.engine, database: db.database, databaseServerId: db.databaseServerId };
  if (db.engine === "postgres") {
    // pg_dump -Fc is already compressed; zstd on top would only cost CPU.
    return { kind: "database", name: db.database, format: "pg-custom", meta, open: (signal) => dumpStream({ conn: { ...db.conn, database: db.database }, database: db.database, engine: db.engine, signal }) };
  }
  return {
    kind: "database",
    name: db.database,
    format: "sql.zst",
    meta,
    open(signal) {
      const dump = dumpStream({ conn: { ...db.conn, database: db.database }, database: db.database, engine: db.engine, signal });
      const z = compressStream();
      return { stream: dump.stream.pipeThrough(z), done: dump.done };
    },
  };
}

/** Part file names: ordered, readable, no user text that could be a path. */
export const partFile = (index: number, p: Pick<PartSource, "kind" | "format">) => `${String(index).padStart(3, "0")}-${p.kind}.${p.format}.sealed`;
