// Host port allocation. Three sources, in turn: ports held by apps in the panel database (the
// reservation's primary key settles races between concurrent deploys), ports Docker has
// published (containers the panel did not create), then a bind test on the host itself.
import type { Target } from "../docker/index.ts";
import { conflict, DomainError } from "../lib/errors.ts";
import type { AppsRepo } from "./repo.ts";

export interface PortRange {
  min: number;
  max: number;
}

const BATCH = 16;

export class PortSession {
  private published: Promise<Set<number>> | undefined;

  constructor(
    private readonly repo: AppsRepo,
    private readonly target: Target,
    private readonly appId: number,
    private readonly range: PortRange,
    private readonly dockerPublished: (target: Target) => Promise<number[]>,
  ) {}

  private publishedPorts(): Promise<Set<number>> {
    return (this.published ??= this.dockerPublished(this.target).then((ports) => new Set(ports)));
  }

  /** A free port, reserved for this app: `preferred` when it is free, else the first free one in range. */
  async allocate(preferred?: number, service: string | null = null): Promise<number> {
    const published = await this.publishedPorts();
    const candidates = (function* (range: PortRange) {
      if (preferred && preferred >= 1024 && preferred <= 65535) yield preferred;
      for (let p = range.min; p <= range.max; p++) if (p !== preferred) yield p;
    })(this.range);
    let batch: number[] = [];
    const tryBatch = async (): Promise<number | undefined> => {
      const { free } = await this.target.call("host.portsFree", { ports: batch });
      batch = [];
      for (const port of free) {
        if (await this.repo.reservePort({ serverId: this.target.serverId, port, appId: this.appId, service, containerPort: null })) return port;
      }
      return undefined;
    };
    for (const port of candidates) {
      if (published.has(port) || (await this.repo.portHolder(this.target.serverId, port))) continue;
      batch.push(port);
      if (batch.length === BATCH) {
        const won = await tryBatch();
        if (won) return won;
      }
    }
    if (batch.length) {
      const won = await tryBatch();
      if (won) return won;
    }
    throw new DomainError("conflict", "no_free_port", `No free host port between ${this.range.min} and ${this.range.max}.`);
  }

  /** Claims a port the compose file fixes; a clear error names whoever holds it. */
  async claim(port: number, service: string, containerPort: string): Promise<void> {
    const holder = await this.repo.portHolder(this.target.serverId, port);
    if (holder && holder.appId === this.appId) {
      // Allocated earlier for a template variable: now we know what it is for.
      await this.repo.describePort(this.target.serverId, port, service, containerPort);
      return;
    }
    if (holder) throw conflict("port_taken", `Port ${port} is already used by app "${holder.name}".`, { port, app: holder.name });
    if ((await this.publishedPorts()).has(port)) throw conflict("port_taken", `Port ${port} is already published by another container.`, { port });
    const { free } = await this.target.call("host.portsFree", { ports: [port] });
    if (!free.includes(port)) throw conflict("port_taken", `Port ${port} is in use by another program on the server.`, { port });
    if (!(await this.repo.reservePort({ serverId: this.target.serverId, port, appId: this.appId, service, containerPort }))) {
      throw conflict("port_taken", `Port ${port} was just taken by another deploy.`, { port });
    }
  }
}
