// Restore drills of whole-server engines (Redis, MongoDB): the backup is loaded into a throwaway
// instance inside the server's container by the engine's own code, and what it holds is compared
// with the numbers recorded when the backup was taken (e.g. keys per Redis database).
import { containerTools, type ContainerRef } from "./container-exec.ts";
import { insideConn } from "./dump.ts";
import { engineOf } from "./engines/index.ts";
import type { Conn, EngineId } from "./engines/types.ts";

export interface WholeSource {
  engine: EngineId;
  conn: Conn;
  container?: ContainerRef;
}

/** Keys with a TTL may expire between the backup and the drill, so fewer is not a failure; a database gone entirely is. */
export function compareStats(expected: Record<string, number> | null, got: Record<string, number>): { ok: boolean; detail: string } {
  const shown = Object.entries(got).map(([k, v]) => `${k}: ${v}`).join(", ") || "empty";
  if (!expected) return { ok: true, detail: `restored (${shown}); nothing recorded at backup time to compare with` };
  const missing = Object.keys(expected).filter((k) => (expected[k] ?? 0) > 0 && !(got[k]! > 0));
  if (missing.length) return { ok: false, detail: `missing after restore: ${missing.join(", ")} (restored: ${shown})` };
  const was = Object.entries(expected).map(([k, v]) => `${k}: ${v}`).join(", ") || "empty";
  return { ok: true, detail: `restored ${shown}; at backup time ${was}` };
}

/** Loads a whole-server part into a throwaway instance and checks it; never touches the live data. */
export async function drillWhole(db: WholeSource, input: ReadableStream<Uint8Array>, expected: unknown, signal?: AbortSignal): Promise<{ ok: boolean; detail: string }> {
  const engine = engineOf(db.engine);
  if (!engine.wholeServer || !db.container) return { ok: false, detail: `${engine.label} is drilled in its container, and this server has none` };
  const got = await engine.wholeServer.drill(containerTools(db.container, signal), insideConn(db.engine, db.conn), input);
  return compareStats((expected ?? null) as Record<string, number> | null, got);
}
