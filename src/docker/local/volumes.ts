// Volumes on this machine. Removal is refused while any container (even a stopped one) mounts
// the volume: Docker would refuse with container ids; we say which containers by name.
import { conflict } from "../../lib/errors.ts";
import type { CallHandlers } from "../dispatch.ts";
import { listContainers, nameOf } from "./containers.ts";
import { seg, type Engine } from "./engine.ts";
import type { RawContainerSummary, RawVolume } from "./engine-types.ts";

type VolumeCalls = Pick<CallHandlers, "volumes.list" | "volumes.create" | "volumes.remove">;

const VOLUME_CODES = { 404: "volume_not_found", 409: "volume_in_use" };

function usersOf(containers: RawContainerSummary[]): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const c of containers) {
    for (const m of c.Mounts ?? []) {
      if (m.Type !== "volume" || !m.Name) continue;
      users.set(m.Name, [...(users.get(m.Name) ?? []), nameOf(c)]);
    }
  }
  return users;
}

const toVolume = (v: RawVolume, usedBy: string[]) => ({
  name: v.Name,
  driver: v.Driver,
  createdAt: v.CreatedAt ?? null,
  usedBy,
  labels: v.Labels ?? {},
  mountpoint: v.Mountpoint ?? null,
});

export function volumeHandlers(engine: Engine): VolumeCalls {
  return {
    "volumes.list": async () => {
      const [{ Volumes }, containers] = await Promise.all([engine.get<{ Volumes: RawVolume[] | null }>("/volumes"), listContainers(engine)]);
      const users = usersOf(containers);
      return (Volumes ?? []).map((v) => toVolume(v, users.get(v.Name) ?? [])).sort((a, b) => a.name.localeCompare(b.name));
    },

    "volumes.create": async ({ name, labels }) => {
      // The Engine hands back an existing volume of that name as if it had made it; say so instead.
      const existing = await engine.get<RawVolume>(`/volumes/${seg(name)}`).catch(() => null);
      if (existing) throw conflict("volume_exists", `A volume named ${name} already exists.`);
      return toVolume(await engine.json<RawVolume>("POST", "/volumes/create", { body: { Name: name, Labels: labels ?? {} } }), []);
    },

    "volumes.remove": async ({ name }) => {
      await engine.get<RawVolume>(`/volumes/${seg(name)}`, { codes: VOLUME_CODES });
      const usedBy = usersOf(await listContainers(engine)).get(name) ?? [];
      if (usedBy.length) {
        throw conflict("volume_in_use", `Volume ${name} is used by container${usedBy.length > 1 ? "s" : ""} ${usedBy.join(", ")}.`, { usedBy });
      }
      await engine.send("DELETE", `/volumes/${seg(name)}`, { codes: VOLUME_CODES });
      return {};
    },
  };
}
