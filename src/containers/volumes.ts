// Volumes and networks of a server. In-use refusals come from the server as volume_in_use /
// network_in_use conflicts with details.usedBy (container names).
import type { TargetOf } from "./types.ts";

export function volumeFunctions(targetOf: TargetOf) {
  return {
    list: async (server: string) => (await targetOf(server)).call("volumes.list", {}),
    create: async (server: string, name: string, labels?: Record<string, string>) =>
      (await targetOf(server)).call("volumes.create", { name, labels }),
    async remove(server: string, name: string) {
      await (await targetOf(server)).call("volumes.remove", { name });
    },
  };
}

export function networkFunctions(targetOf: TargetOf) {
  return {
    list: async (server: string) => (await targetOf(server)).call("networks.list", {}),
    create: async (server: string, spec: { name: string; driver?: string; internal?: boolean; labels?: Record<string, string> }) =>
      (await targetOf(server)).call("networks.create", spec),
    async remove(server: string, id: string) {
      await (await targetOf(server)).call("networks.remove", { id });
    },
  };
}
