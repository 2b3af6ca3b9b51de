// Container operations on this machine: list, inspect, lifecycle actions, remove.
import type { CallHandlers } from "../dispatch.ts";
import { fromInspect, fromSummary, detailsOf } from "./container-shape.ts";
import { seg, type Engine } from "./engine.ts";
import type { RawContainerInspect, RawContainerSummary } from "./engine-types.ts";

type ContainerCalls = Pick<CallHandlers, "containers.list" | "containers.inspect" | "containers.action" | "containers.remove">;

export const CONTAINER_CODES = { 404: "container_not_found", 409: "container_conflict" };

export const listContainers = (engine: Engine, all = true) =>
  engine.get<RawContainerSummary[]>(`/containers/json?all=${all ? 1 : 0}`);

export const inspectContainer = (engine: Engine, id: string) =>
  engine.get<RawContainerInspect>(`/containers/${seg(id)}/json`, { codes: CONTAINER_CODES });

/** Name without Docker's leading slash, for messages that say which containers use something. */
export const nameOf = (c: RawContainerSummary) => (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, "");

export function containerHandlers(engine: Engine): ContainerCalls {
  return {
    "containers.list": async ({ all }) => (await listContainers(engine, all ?? true)).map(fromSummary),

    "containers.inspect": async ({ id }) => {
      const raw = await inspectContainer(engine, id);
      return { container: fromInspect(raw), details: detailsOf(raw) };
    },

    "containers.action": async ({ id, action, timeoutSeconds, signal }) => {
      const q = new URLSearchParams();
      if (timeoutSeconds !== undefined && (action === "stop" || action === "restart")) q.set("t", String(timeoutSeconds));
      if (signal && action === "kill") q.set("signal", signal);
      // 304 (already started / already stopped) is success: the container is where it was asked to be.
      // Docker waits up to t seconds (10 by default) before it kills; our patience must outlast its.
      const timeoutMs = ((timeoutSeconds ?? 10) + 30) * 1000;
      await engine.send("POST", `/containers/${seg(id)}/${action}?${q}`, { codes: CONTAINER_CODES, timeoutMs });
      return fromInspect(await inspectContainer(engine, id));
    },

    "containers.remove": async ({ id, force, volumes }) => {
      await engine.send("DELETE", `/containers/${seg(id)}?force=${force ? 1 : 0}&v=${volumes ? 1 : 0}`, { codes: CONTAINER_CODES });
      return {};
    },
  };
}
