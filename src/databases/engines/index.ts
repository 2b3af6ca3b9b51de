// The engines the panel knows, by id. Everything engine-specific lives in their files;
// callers look an engine up here and speak the Engine interface.
import { invalid } from "../../lib/errors.ts";
import { mariadb } from "./mariadb.ts";
import { postgres } from "./postgres.ts";
import type { Engine, EngineId } from "./types.ts";

export type { Conn, DbInfo, Engine, EngineId, RestoreFormat, ToolCommand } from "./types.ts";

export const ENGINES: Readonly<Record<EngineId, Engine>> = Object.freeze({ mariadb, postgres });

export const ENGINE_IDS = Object.keys(ENGINES) as EngineId[];

export function isEngineId(id: string): id is EngineId {
  return Object.hasOwn(ENGINES, id);
}

/** The engine for an id; an unknown id (from a request or an old row) is invalid "unknown_engine". */
export function engineOf(id: string): Engine {
  if (!isEngineId(id)) throw invalid("unknown_engine", `Unknown database engine "${id}"; known: ${ENGINE_IDS.join(", ")}.`);
  return ENGINES[id];
}
