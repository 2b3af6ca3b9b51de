// Dumps downloaded and dumps imported, both streamed: a download is the engine's dump tool
// piped to the HTTP response; an import is the upload piped into a staging database, swapped
// in only when the whole file loaded, so a bad or cut upload leaves the database as it was.
import { engineOf } from "./engines/index.ts";
import type { EngineId } from "./engines/types.ts";
import { dumpStream, restoreStream } from "./dump.ts";
import { invalid, notFound } from "../lib/errors.ts";
import { assertDbName } from "./names.ts";
import type { DatabaseServers } from "./registry.ts";
import type { ContainerServers } from "./containers.ts";
import { stageDatabase, swapDatabases } from "./swap.ts";

export type ImportFormat = "sql" | "sql.gz" | "pg-custom";

/** The format from the uploaded file's name (what users have: .sql, .sql.gz, .dump). */
export function formatOf(filename: string, engine: EngineId): ImportFormat {
  if (/\.sql\.gz$/i.test(filename)) return "sql.gz";
  if (/\.sql$/i.test(filename)) return "sql";
  if (/\.(dump|pgdump|backup)$/i.test(filename)) {
    if (engine !== "postgres") throw invalid("restore_format_unsupported", "A .dump file is PostgreSQL's custom format; MariaDB imports .sql or .sql.gz.");
    return "pg-custom";
  }
  throw invalid("restore_format_unsupported", "Upload a .sql, .sql.gz or (PostgreSQL) .dump file.");
}

export class DatabaseTransfer {
  constructor(
    private readonly servers: DatabaseServers,
    private readonly containers: ContainerServers,
  ) {}

  private async existing(serverId: number, name: string) {
    const row = await this.servers.get(serverId);
    const db = assertDbName("database", name);
    const engine = engineOf(row.engine as EngineId);
    if (!engine.capabilities.databases) throw invalid("engine_no_databases", `${engine.label} has no databases to export or import; back the server up instead.`);
    const conn = this.servers.conn(row);
    if (!(await engine.listDatabases(conn)).some((d) => d.name === db)) throw notFound("database_not_found", `There is no database "${db}".`);
    return { row, db, engine: row.engine as EngineId, conn, container: await this.containers.ref(row) };
  }

  /** MariaDB: plain SQL gzip'd on the way out; PostgreSQL: pg_dump's compressed custom format. */
  async download(serverId: number, name: string) {
    const { db, engine, conn, container } = await this.existing(serverId, name);
    const { stream } = dumpStream({ conn: { ...conn, database: db }, database: db, engine, container });
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
    if (engine === "postgres") return { stream, filename: `${db}-${stamp}.dump`, type: "application/octet-stream" };
    return { stream: stream.pipeThrough(new CompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>), filename: `${db}-${stamp}.sql.gz`, type: "application/gzip" };
  }

  async import(serverId: number, name: string, format: ImportFormat, input: ReadableStream<Uint8Array>, signal?: AbortSignal) {
    const { db, engine, conn, container } = await this.existing(serverId, name);
    const staging = await stageDatabase(engine, conn, db);
    let bytes = 0;
    try {
      await restoreStream({ conn, database: staging, engine, format, input, signal, container, onBytes: (n) => (bytes += n) });
    } catch (err) {
      await engineOf(engine).dropDatabase(conn, staging).catch(() => undefined);
      throw err;
    }
    const old = await swapDatabases(engine, conn, db, staging);
    await engineOf(engine).dropDatabase(conn, old);
    return { database: db, bytes };
  }
}
