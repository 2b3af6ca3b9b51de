// One collection round on one server: the host's counters and every running container's in two
// calls through its Target (local or agent alike), turned into samples for server, app and
// container scopes. Keeps the previous counters to compute rates (CPU, network, disk I/O) over
// the whole interval, so a 30-second point is the average of those 30 seconds.
import type { Target } from "../docker/index.ts";
import type { Logger } from "../lib/log.ts";
import type { ContainerCounters, HostCounters } from "../protocol/index.ts";
import type { Batch, MetricName, MetricScope, Sample } from "./catalog.ts";
import { hostRatesBetween, ratesBetween } from "./rates.ts";

/** What a sample of a container carries besides its values: which app it belongs to. */
export interface ContainerSeen {
  name: string;
  app: string | null;
}

export class ServerCollector {
  private prev = new Map<string, ContainerCounters>();
  private prevHost: HostCounters | undefined;

  constructor(
    readonly serverId: string,
    private readonly log: Logger,
  ) {}

  /** apps: app name -> app id on this server (compose project names are app names). */
  async collect(target: Target, apps: Map<string, number>, now = Date.now()): Promise<{ batch: Batch; containers: ContainerSeen[] }> {
    const [host, stats] = await Promise.allSettled([target.call("server.counters", {}), target.call("containers.stats.all", {})]);
    const samples: Sample[] = [];
    const server: MetricScope = { kind: "server", id: this.serverId };
    const push = (scope: MetricScope, metric: MetricName, value: number) => {
      if (Number.isFinite(value)) samples.push({ scope, metric, value });
    };

    if (host.status === "fulfilled") {
      const h = host.value;
      const used = h.memTotalBytes - h.memAvailableBytes;
      push(server, "memory_bytes", used);
      if (h.memTotalBytes > 0) push(server, "memory_percent", round2((used / h.memTotalBytes) * 100));
      if (h.diskTotalBytes > 0) push(server, "disk_percent", round2((h.diskUsedBytes / h.diskTotalBytes) * 100));
      push(server, "load1", h.load[0]!);
      const r = hostRatesBetween(this.prevHost, h);
      if (r) {
        push(server, "cpu_percent", r.cpuPercent);
        push(server, "network_rx_bps", r.rxBps);
        push(server, "network_tx_bps", r.txBps);
      }
      this.prevHost = h;
    } else {
      this.log.warn("server counters not collected", { server: this.serverId, err: host.reason });
    }

    const containers: ContainerSeen[] = [];
    if (stats.status === "fulfilled") {
      const sums = new Map<number, Record<string, number>>();
      const next = new Map<string, ContainerCounters>();
      for (const c of stats.value.containers) {
        next.set(c.id, c);
        containers.push({ name: c.name, app: c.app });
        const scope: MetricScope = { kind: "container", id: c.name };
        const appId = c.app !== null ? apps.get(c.app) : undefined;
        const sum = appId !== undefined ? (sums.get(appId) ?? sums.set(appId, {}).get(appId)!) : undefined;
        const add = (metric: MetricName, v: number) => {
          push(scope, metric, v);
          if (sum) sum[metric] = (sum[metric] ?? 0) + v;
        };
        add("memory_bytes", c.memUsedBytes);
        if (c.memLimitBytes > 0) push(scope, "memory_percent", round2((c.memUsedBytes / c.memLimitBytes) * 100));
        const r = ratesBetween(this.prev.get(c.id), c);
        if (r) {
          add("cpu_percent", r.cpuPercent);
          add("network_rx_bps", r.rxBps);
          add("network_tx_bps", r.txBps);
          add("block_read_bps", r.readBps);
          add("block_write_bps", r.writeBps);
        }
      }
      this.prev = next; // containers that went away drop out here
      for (const [appId, sum] of sums) for (const [metric, v] of Object.entries(sum)) push({ kind: "app", id: appId }, metric as MetricName, round2(v));
    } else {
      this.log.warn("container stats not collected", { server: this.serverId, err: stats.reason });
    }
    return { batch: { at: now, server: this.serverId, samples }, containers };
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;
