// What a backup is made of, as parts that each produce a plain byte stream in their final
// format: an app's Docker volumes and its folder (tar.zst), its linked databases (the engine's
// own dump: SQL compressed with zstd, or pg_dump's compressed custom format).
import { existsSync } from "node:fs";
import { compressStream } from "./archive.ts";
import type { TarEntry } from "./tar-listing.ts";
import { archiveDir } from "./archive.ts";
import { containerTools, type ContainerRef } from "../databases/container-exec.ts";
import { dumpStream, insideConn } from "../databases/dump.ts";
import { engineOf } from "../databases/engines/index.ts";
import type { Conn, EngineId } from "../databases/engines/types.ts";
import type { ManifestPart } from "./manifest.ts";
import { tableCounts } from "../databases/table-counts.ts";

export interface PartSource {
  kind: ManifestPart["kind"];
  name: string;
  format: ManifestPart["format"];
  meta?: Record<string, unknown>;
  /** An archive whose files the writer lists (path, size, sha256) through `onEntry`, for drills. */
  listsFiles?: boolean;
  /** The folder a tar.zst part archives: a writer that seals natively archives it itself (archiveDirSealed). */
  dir?: string;
  /** Starts producing; `done` rejects when the producer failed (even if the stream looked complete). */
  open(signal: AbortSignal, onEntry?: (e: TarEntry) => void): { stream: ReadableStream<Uint8Array>; done: Promise<void> };
}

export interface DatabaseSource {
  engine: EngineId;
  conn: Conn;
  database: string;
  databaseServerId: number;
  /** Set for container servers: their tools run inside the container. */
  container?: ContainerRef;
}

/** `listFiles: false` archives without the per-file listing (bench/backup.ts measures both). */
export function volumePart(name: string, mountpoint: string, o: { listFiles?: boolean } = {}): PartSource {
  return { kind: "volume", name, format: "tar.zst", meta: { volume: name }, listsFiles: o.listFiles ?? true, dir: mountpoint, open: (signal, onEntry) => archiveDir(mountpoint, { signal, onEntry }) };
}

export function filesPart(dir: string): PartSource | null {
  if (!existsSync(dir)) return null;
  return { kind: "files", name: "app files", format: "tar.zst", listsFiles: true, dir, open: (signal, onEntry) => archiveDir(dir, { signal, onEntry }) };
}

/** Tables and row counts when the backup is taken: a restore drill compares against them. */
export async function databasePartWithCounts(db: DatabaseSource): Promise<PartSource> {
  const part = databasePart(db);
  const whole = engineOf(db.engine).wholeServer;
  if (whole && db.container) {
    // Whole-server engines: their own numbers (keys per database...) for the drill to compare.
    part.meta = { ...part.meta, stats: await whole.stats(containerTools(db.container), insideConn(db.engine, db.conn)).catch(() => null) };
    return part;
  }
  part.meta = { ...part.meta, tables: await tableCounts(db.engine, db.conn, db.database).catch(() => null) };
  return part;
}

export function databasePart(db: DatabaseSource): PartSource {
  const meta: Record<string, unknown> = { engine: db.engine, database: db.database, databaseServerId: db.databaseServerId };
  const engine = engineOf(db.engine);
  const container = db.container;
  if (engine.wholeServer) {
    // Redis' RDB / MongoDB's gzipped archive, straight from the tool in the container.
    const whole = engine.wholeServer;
    if (!container) throw new Error(`${engine.label} is backed up through its container, and this server has none.`);
    return { kind: "database", name: db.database, format: engine.partFormat, meta, open: (signal) => containerTools(container, signal).out(whole.dumpCommand(insideConn(db.engine, db.conn))) };
  }
  if (engine.partFormat === "pg-custom") {
    // pg_dump -Fc is already compressed; zstd on top would only cost CPU.
    return { kind: "database", name: db.database, format: "pg-custom", meta, open: (signal) => dumpStream({ conn: { ...db.conn, database: db.database }, database: db.database, engine: db.engine, signal, container }) };
  }
  return {
    kind: "database",
    name: db.database,
    format: "sql.zst",
    meta,
    open(signal) {
      const dump = dumpStream({ conn: { ...db.conn, database: db.database }, database: db.database, engine: db.engine, signal, container });
      const z = compressStream();
      return { stream: dump.stream.pipeThrough(z), done: dump.done };
    },
  };
}

/** Part file names: ordered, readable, no user text that could be a path. */
export const partFile = (index: number, p: Pick<PartSource, "kind" | "format">) => `${String(index).padStart(3, "0")}-${p.kind}.${p.format}.sealed`;

/** The sealed listing of a part's files, beside it: "001-volume.files.jsonl.sealed". */
export const listingFile = (index: number, p: Pick<PartSource, "kind">) => `${String(index).padStart(3, "0")}-${p.kind}.files.jsonl.sealed`;
