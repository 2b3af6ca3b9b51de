// Batches -> one raw row per scope (metrics as columns), with scope ids cached in memory.
import { metricDef, type Batch, type MetricScope } from "./catalog.ts";
import type { ContainerSeen } from "./collect.ts";
import type { MetricsRepo, PointRow } from "./repo.ts";

/** lastSeenAt only feeds the 90-day clean-up of scopes: an hourly write is plenty. */
const TOUCH_EVERY_MS = 3_600_000;

export class MetricsStore {
  private ids = new Map<string, { id: number; touchedAt: number; app: string | null }>();

  constructor(private readonly repo: MetricsRepo) {}

  private async idOf(server: string, scope: MetricScope, app: string | null, now: number): Promise<number> {
    const key = `${server}\u0000${scope.kind}\u0000${scope.id}`;
    const known = this.ids.get(key);
    if (known && known.app === app && now - known.touchedAt < TOUCH_EVERY_MS) return known.id;
    const id = await this.repo.scopeId(server, scope.kind, String(scope.id), app, now, true);
    this.ids.set(key, { id, touchedAt: now, app });
    return id;
  }

  async write(batch: Batch, containers: ContainerSeen[]): Promise<void> {
    const appOf = new Map(containers.map((c) => [c.name, c.app]));
    const rows = new Map<string, PointRow>();
    const t = Math.floor(batch.at / 1000);
    for (const s of batch.samples) {
      const key = `${s.scope.kind}:${s.scope.id}`;
      let row = rows.get(key);
      if (!row) {
        const app = s.scope.kind === "container" ? (appOf.get(s.scope.id) ?? null) : null;
        row = { scopeId: await this.idOf(batch.server, s.scope, app, batch.at), t };
        rows.set(key, row);
      }
      row[metricDef(s.metric)!.column] = s.value;
    }
    await this.repo.insertRaw([...rows.values()]);
  }

  /** After the clean-up removed scopes, cached ids may point at nothing. */
  forget(): void {
    this.ids.clear();
  }
}
