// The engines the panel knows, by id. Everything engine-specific lives in their files;
// callers look an engine up here and speak the Engine interface.
import { invalid } from "../../lib/errors.ts";
import { mariadb, mysql } from "./mariadb.ts";
import { mongodb } from "./mongodb.ts";
import { postgres } from "./postgres.ts";
import { redis } from "./redis.ts";
import type { Engine, EngineId } from "./types.ts";

export type { Capabilities, Conn, ContainerTools, DbInfo, Engine, EngineId, PartFormat, RestoreFormat, ToolCommand, WholeServer } from "./types.ts";

export const ENGINES: Readonly<Record<EngineId, Engine>> = Object.freeze({ mariadb, mysql, postgres, redis, mongodb });

export const ENGINE_IDS = Object.keys(ENGINES) as EngineId[];

export function isEngineId(id: string): id is EngineId {
  return Object.hasOwn(ENGINES, id);
}

/** The engine for an id; an unknown id (from a request or an old row) is invalid "unknown_engine". */
export function engineOf(id: string): Engine {
  if (!isEngineId(id)) throw invalid("unknown_engine", `Unknown database engine "${id}"; known: ${ENGINE_IDS.join(", ")}.`);
  return ENGINES[id];
}

/** What the UI needs to know about each engine: capabilities decide what it shows. */
export function engineDescriptions() {
  return ENGINE_IDS.map((id) => {
    const e = ENGINES[id];
    return { id, label: e.label, defaultPort: e.defaultPort, capabilities: e.capabilities, link: e.link, wholeServer: e.wholeServer ? { name: e.wholeServer.name } : null, image: e.container.image };
  });
}
