// Downsampling and retention, run by a croner timer every 5 minutes: complete 5-minute buckets
// from raw points, complete hours from 5-minute averages, then old rows of each table go.
import type { MetricsRepo } from "./repo.ts";
import { BUCKET, RETENTION } from "./query.ts";

export interface MaintainResult {
  fiveMinuteRows: number;
  hourlyRows: number;
  expired: { raw: number; "5m": number; "1h": number };
  scopesForgotten: number;
}

const floorTo = (t: number, step: number) => Math.floor(t / step) * step;

export async function maintain(repo: MetricsRepo, now = Date.now()): Promise<MaintainResult> {
  const nowSec = Math.floor(now / 1000);
  // Start from the newest bucket already written (it is recomputed whole: samples may have come
  // late), or from the oldest source row on the first run. Only complete buckets are written.
  const from5 = (await repo.newest("5m")) ?? floorTo((await repo.oldest("raw")) ?? nowSec, BUCKET["5m"]);
  const fiveMinuteRows = await repo.downsample("raw", "5m", BUCKET["5m"], from5, floorTo(nowSec, BUCKET["5m"]));
  const from1h = (await repo.newest("1h")) ?? floorTo((await repo.oldest("5m")) ?? nowSec, BUCKET["1h"]);
  const hourlyRows = await repo.downsample("5m", "1h", BUCKET["1h"], from1h, floorTo(nowSec, BUCKET["1h"]));
  const expired = {
    raw: await repo.expire("raw", nowSec - RETENTION.raw),
    "5m": await repo.expire("5m", nowSec - RETENTION["5m"]),
    "1h": await repo.expire("1h", nowSec - RETENTION["1h"]),
  };
  const scopesForgotten = await repo.forgetScopes(now - RETENTION["1h"] * 1000 - 86_400_000);
  return { fiveMinuteRows, hourlyRows, expired, scopesForgotten };
}
