// Host ports any container holds. Running containers report theirs in the list; a stopped one
// keeps its bindings in HostConfig and takes the port back when it starts, so it counts too.
import type { CallHandlers } from "../dispatch.ts";
import { inspectContainer, listContainers, nameOf } from "./containers.ts";
import type { Engine } from "./engine.ts";
import { portsOf } from "./container-shape.ts";

type PortCalls = Pick<CallHandlers, "docker.publishedPorts">;
type Published = { hostIp: string; hostPort: number; protocol: string; container: string; running: boolean };

export function publishedPortHandlers(engine: Engine): PortCalls {
  return {
    "docker.publishedPorts": async () => {
      const containers = await listContainers(engine);
      const seen = new Set<string>();
      const ports: Published[] = [];
      const add = (p: Omit<Published, "hostIp"> & { hostIp: string | null }) => {
        const hostIp = p.hostIp || "0.0.0.0";
        const key = `${hostIp}|${p.hostPort}|${p.protocol}`;
        if (!seen.has(key)) seen.add(key), ports.push({ ...p, hostIp });
      };
      const stopped = containers.filter((c) => c.State !== "running");
      for (const c of containers) {
        if (c.State !== "running") continue;
        for (const p of c.Ports) if (p.PublicPort) add({ hostIp: p.IP ?? null, hostPort: p.PublicPort, protocol: p.Type, container: nameOf(c), running: true });
      }
      const inspected = await Promise.all(stopped.map((c) => inspectContainer(engine, c.Id).catch(() => null)));
      for (const raw of inspected) {
        if (!raw) continue; // removed meanwhile
        for (const p of portsOf(raw.HostConfig.PortBindings ?? null)) {
          // An empty HostPort means "any free port at start": nothing is reserved.
          if (p.hostPort) add({ hostIp: p.hostIp, hostPort: p.hostPort, protocol: p.protocol, container: raw.Name.replace(/^\//, ""), running: false });
        }
      }
      return { ports };
    },
  };
}
