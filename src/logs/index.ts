// Logs: searching and exporting what containers printed, for one container or a whole app.
// The filtering itself runs where the logs are (the Target's containers.logs.search).
import type { Target } from "../docker/index.ts";
import { notFound } from "../lib/errors.ts";
import { parseSearch, type SearchInput } from "./query.ts";
import { exportStream, search, type Source } from "./search.ts";

export interface LogsDeps {
  target: (serverId: string) => Promise<Target>;
  app: (id: number) => Promise<{ name: string; serverId: string }>;
}

export function createLogs(deps: LogsDeps) {
  const container = async (server: string, id: string): Promise<Source> => ({ target: await deps.target(server), containers: [id] });

  async function app(appId: number): Promise<Source & { name: string }> {
    const summary = await deps.app(appId);
    const target = await deps.target(summary.serverId);
    const all = await target.call("containers.list", { all: true });
    const mine = all.filter((c) => c.app === summary.name).map((c) => c.name);
    if (mine.length === 0) throw notFound("app_not_deployed", `The app "${summary.name}" has no containers: deploy it first.`);
    return { target, containers: mine.sort(), name: summary.name };
  }

  return {
    /** The newest matching lines of one container (validated input; bad regex or range -> invalid). */
    searchContainer: async (server: string, id: string, input: SearchInput) => {
      const args = parseSearch(input);
      return search(await container(server, id), args);
    },
    searchApp: async (appId: number, input: SearchInput) => {
      const args = parseSearch(input);
      return search(await app(appId), args);
    },
    /** Every matching line as text, streamed (the limit does not apply). */
    exportContainer: async (server: string, id: string, input: SearchInput) => {
      const args = parseSearch({ ...input, limit: undefined });
      return exportStream(await container(server, id), args);
    },
    exportApp: async (appId: number, input: SearchInput) => {
      const args = parseSearch({ ...input, limit: undefined });
      const src = await app(appId);
      return { name: src.name, body: await exportStream(src, args) };
    },
  };
}

export type Logs = ReturnType<typeof createLogs>;
export { parseSearch, rangePresets, type SearchInput } from "./query.ts";
export type { FoundLine, SearchResult } from "./search.ts";
