// Images of a server: list, pull (as a job), remove, prune.
import type { Jobs } from "../jobs/index.ts";
import type { TargetOf } from "./types.ts";

export function imageFunctions(targetOf: TargetOf, jobs: Pick<Jobs, "enqueue">) {
  return {
    list: async (server: string) => (await targetOf(server)).call("images.list", {}),

    /** Queues an images.pull job; the image reference is checked by the job's params first. */
    async pull(server: string, image: string, createdBy: string | null) {
      await targetOf(server); // an unknown server is a 404 now, not a failed job later
      return jobs.enqueue("images.pull", { server, image }, { createdBy, serverId: server });
    },

    remove: async (server: string, id: string, force: boolean) => (await targetOf(server)).call("images.remove", { id, force }),

    prune: async (server: string, all = false) => (await targetOf(server)).call("images.prune", { all }),
  };
}
