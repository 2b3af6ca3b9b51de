// Live metrics on the UI WebSocket, one topic per scope:
//   metrics:server:<id>   servers:read
//   metrics:app:<id>      apps:read
//   metrics:container:<name>   docker:read
// Each collection round that measured the scope sends {type:"sample", data:{at, values:{metric: value}}}.
import type { MetricScope } from "../../metrics/index.ts";
import type { Services } from "../services.ts";
import { Outbox, type LiveTopic } from "./outbox.ts";

const TOPIC = /^metrics:(server|app|container):([A-Za-z0-9][A-Za-z0-9_.-]{0,127})$/;
const PERMISSION = { server: "servers:read", app: "apps:read", container: "docker:read" } as const;

export function metricsTopic(s: Services, topic: string): LiveTopic | undefined {
  const m = TOPIC.exec(topic);
  if (!m) return undefined;
  const kind = m[1] as MetricScope["kind"];
  const ref = m[2]!;
  if (kind === "app" && !/^[1-9]\d{0,15}$/.test(ref)) return undefined;
  const scope = (kind === "app" ? { kind, id: Number(ref) } : { kind, id: ref }) as MetricScope;
  return {
    permission: PERMISSION[kind],
    start: async (out) => {
      const box = new Outbox(out, topic);
      return s.metrics.onCollected((batch) => {
        const values: Record<string, number> = {};
        let any = false;
        for (const sample of batch.samples) {
          if (sample.scope.kind !== scope.kind || sample.scope.id !== scope.id) continue;
          values[sample.metric] = sample.value;
          any = true;
        }
        if (any) box.send("sample", { at: batch.at, values });
      });
    },
  };
}
