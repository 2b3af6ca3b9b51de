// Networks on this machine. Docker's own (bridge, host, none) cannot be removed, and neither
// can a network any container is attached to: the error names those containers.
import { conflict } from "../../lib/errors.ts";
import type { CallHandlers } from "../dispatch.ts";
import { listContainers, nameOf } from "./containers.ts";
import { seg, type Engine } from "./engine.ts";
import type { RawContainerSummary, RawNetwork } from "./engine-types.ts";

type NetworkCalls = Pick<CallHandlers, "networks.list" | "networks.create" | "networks.remove">;

const NETWORK_CODES = { 403: "network_builtin", 404: "network_not_found", 409: "network_exists" };
const BUILTIN = new Set(["bridge", "host", "none"]);

function usersOf(containers: RawContainerSummary[]): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const c of containers) {
    for (const n of Object.values(c.NetworkSettings?.Networks ?? {})) {
      if (n.NetworkID) users.set(n.NetworkID, [...(users.get(n.NetworkID) ?? []), nameOf(c)]);
    }
  }
  return users;
}

const toNetwork = (n: RawNetwork, usedBy: string[]) => ({
  id: n.Id,
  name: n.Name,
  driver: n.Driver,
  scope: n.Scope,
  internal: n.Internal,
  builtin: BUILTIN.has(n.Name),
  usedBy,
  labels: n.Labels ?? {},
});

export function networkHandlers(engine: Engine): NetworkCalls {
  const inspect = (id: string) => engine.get<RawNetwork>(`/networks/${seg(id)}`, { codes: NETWORK_CODES });
  return {
    "networks.list": async () => {
      const [networks, containers] = await Promise.all([engine.get<RawNetwork[]>("/networks"), listContainers(engine)]);
      const users = usersOf(containers);
      return networks.map((n) => toNetwork(n, users.get(n.Id) ?? [])).sort((a, b) => a.name.localeCompare(b.name));
    },

    "networks.create": async ({ name, driver, internal, labels }) => {
      const body = { Name: name, Driver: driver ?? "bridge", Internal: internal ?? false, Labels: labels ?? {}, CheckDuplicate: true };
      const { Id } = await engine.json<{ Id: string }>("POST", "/networks/create", { body, codes: NETWORK_CODES });
      return toNetwork(await inspect(Id), []);
    },

    "networks.remove": async ({ id }) => {
      const network = await inspect(id);
      if (BUILTIN.has(network.Name)) throw conflict("network_builtin", `${network.Name} comes with Docker and cannot be removed.`);
      const usedBy = usersOf(await listContainers(engine)).get(network.Id) ?? [];
      if (usedBy.length) {
        throw conflict("network_in_use", `Network ${network.Name} is used by container${usedBy.length > 1 ? "s" : ""} ${usedBy.join(", ")}.`, { usedBy });
      }
      await engine.send("DELETE", `/networks/${seg(network.Id)}`, { codes: { ...NETWORK_CODES, 403: "network_in_use" } });
      return {};
    },
  };
}
