import type { Target } from "../docker/index.ts";

/** Resolves a server id to its Target; throws server_not_found / server_offline. */
export type TargetOf = (server: string) => Promise<Target>;

/** Server ids as they appear in paths and job params. */
export const SERVER_ID = /^[a-z0-9-]{1,64}$/;
