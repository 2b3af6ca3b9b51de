// Docker's event stream, reduced to what the UI refreshes on. Health checks run `exec` every
// few seconds per container; those events change nothing visible and are dropped here.
import type { DockerEvent } from "../../protocol/index.ts";
import type { StreamHandlers } from "../dispatch.ts";
import { filters, jsonLines, type Engine } from "./engine.ts";

type EventStreams = Pick<StreamHandlers, "docker.events">;

const TYPES = ["container", "image", "volume", "network"] as const;

interface RawEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  time?: number;
  timeNano?: number;
}

export function toEvent(e: RawEvent): DockerEvent | null {
  const type = TYPES.find((t) => t === e.Type);
  const action = e.Action ?? "";
  if (!type || !action || action.startsWith("exec_")) return null;
  const attrs = e.Actor?.Attributes ?? {};
  const ms = e.timeNano ? Math.floor(e.timeNano / 1e6) : (e.time ?? 0) * 1000;
  return {
    type,
    action,
    id: e.Actor?.ID ?? "",
    // Volumes are named by their id; images carry their reference as "name".
    name: attrs.name ?? (type === "volume" ? (e.Actor?.ID ?? null) : null),
    app: attrs["com.docker.compose.project"] ?? null,
    at: new Date(ms || Date.now()).toISOString(),
  };
}

export function eventHandlers(engine: Engine): EventStreams {
  return {
    "docker.events": async function* (_args, signal) {
      const res = await engine.request("GET", `/events?${filters({ type: [...TYPES] })}`, { signal });
      yield { ready: true as const };
      for await (const raw of jsonLines(res.body)) {
        const event = toEvent(raw as RawEvent);
        if (event) yield event;
      }
    },
  };
}
