// Containers of a server: what the routes call. Env values that look secret are masked here,
// on the panel, so the policy lives in one place whichever server answered.
import { invalid } from "../lib/errors.ts";
import type { containerActions } from "../protocol/index.ts";
import type { ContainerListCache } from "./list-cache.ts";
import { maskEnv } from "./mask.ts";
import type { TargetOf } from "./types.ts";

export type ContainerAction = (typeof containerActions)[number];

/** `since` as the API takes it: unix seconds ("1714557600", "1714557600.5") or an ISO date. */
export function parseSince(since: string): number {
  if (/^\d+(\.\d+)?$/.test(since)) return Number(since);
  const ms = Date.parse(since);
  if (Number.isNaN(ms)) throw invalid("invalid_since", `"since" must be unix seconds or an ISO date, not "${since}".`);
  return ms / 1000;
}

export function containerFunctions(targetOf: TargetOf, cache: ContainerListCache) {
  return {
    /** fresh: straight from the engine, not from the event-kept list. */
    list: (server: string, all = true, fresh = false) => cache.list(server, all, fresh),

    async get(server: string, id: string) {
      const { container, details } = await (await targetOf(server)).call("containers.inspect", { id });
      return { container, inspect: { ...details, env: maskEnv(details.env) } };
    },

    async action(server: string, id: string, action: ContainerAction, opts: { timeoutSeconds?: number; signal?: string } = {}) {
      try {
        return await (await targetOf(server)).call("containers.action", { id, action, ...opts });
      } finally {
        cache.invalidate(server); // its event may still be on the way when the caller lists next
      }
    },

    async remove(server: string, id: string, opts: { force: boolean; volumes: boolean }) {
      try {
        await (await targetOf(server)).call("containers.remove", { id, ...opts });
      } finally {
        cache.invalidate(server);
      }
    },

    async logs(server: string, id: string, q: { tail?: number; since?: string; timestamps?: boolean }) {
      const since = q.since === undefined ? undefined : parseSince(q.since);
      return (await targetOf(server)).call("containers.logs", { id, tail: q.tail, since, timestamps: q.timestamps });
    },

    stats: async (server: string, id: string) => (await targetOf(server)).call("containers.stats", { id }),
  };
}
