// What the alerts domain needs from the rest of the panel, as narrow functions wired in
// cli/wire.ts. Keeping them here (not importing the domains) lets the evaluator be tested
// with recorded inputs and keeps the dependency arrows pointing one way.

/** One measured value, already tied to what it measures. */
export interface MetricSample {
  kind: "server" | "container" | "app";
  server: string;
  /** Server id, container name, or app id (as a string). */
  id: string;
  /** For people: "web-1", "This server", the app's name. */
  name: string;
  /** The app a container belongs to (compose project), if any. */
  app: string | null;
  metric: string;
  value: number;
}

export interface MetricBatch {
  at: number;
  server: string;
  samples: MetricSample[];
}

export interface MetricFeed {
  /** Every metric name a rule may use. */
  names(): readonly string[];
  onCollected(listener: (batch: MetricBatch) => void): () => void;
}

/** A Docker event as the alerts need it. */
export interface ContainerEvent {
  action: string;
  /** Container name. */
  name: string | null;
  /** Compose project (the app's name). */
  app: string | null;
  at: number;
}

export interface JobUpdate {
  kind: string;
  status: string;
  serverId: string;
  target: string | null;
  error: string | null;
}

export interface AlertSources {
  metrics: MetricFeed;
  /** status "offline" means an agent that was connected is not now ("pending" and "revoked" agents are neither). */
  servers(): Promise<{ id: string; name: string; status: string }[]>;
  /** Disk use of a server's root filesystem. */
  disk(serverId: string): Promise<{ usedBytes: number; totalBytes: number }>;
  /** One event stream per server; resolves to the unsubscribe function. */
  containerEvents(serverId: string, listener: (e: ContainerEvent) => void): Promise<() => void>;
  certificates(): Promise<{ hostname: string; appId: number; state: string; daysLeft: number | null }[]>;
  appName(appId: number): Promise<string | null>;
  onJob(listener: (job: JobUpdate) => void): () => void;
}

/** Until a metrics collector is wired: no metric names, no batches. */
export const noMetrics: MetricFeed = { names: () => [], onCollected: () => () => {} };
