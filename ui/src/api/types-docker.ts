/** Docker management shapes (per server): containers, images, volumes, networks, live events. */

export type ContainerState = "running" | "exited" | "paused" | "restarting" | "created" | "dead" | "removing";

export interface ContainerPort {
  hostIp: string | null;
  hostPort: number | null;
  containerPort: number;
  protocol: string;
}

export interface Container {
  id: string;
  name: string;
  image: string;
  state: ContainerState;
  /** Docker's human text, e.g. "Up 5 minutes". */
  status: string;
  createdAt: string;
  startedAt: string | null;
  ports: ContainerPort[];
  labels: Record<string, string>;
  /** The compose project / ServerKit app name. */
  app: string | null;
  service: string | null;
}

/**
 * What every container listing carries. An app's own container list (GET /apps/:id) is this
 * reduced shape; the Docker listing adds ports, dates, labels and the app.
 */
export type ContainerSummary = Pick<Container, "id" | "name" | "image" | "state" | "status"> & Partial<Container>;

/** Raw-ish inspect details; every field is optional because the contract leaves them loose. */
export interface ContainerInspect {
  env?: string[];
  mounts?: unknown[];
  networks?: unknown;
  restartPolicy?: unknown;
  cmd?: string[] | string | null;
  entrypoint?: string[] | string | null;
  health?: unknown;
  [key: string]: unknown;
}

export interface ContainerStats {
  at: string;
  cpuPercent: number;
  memory: { usedBytes: number; limitBytes: number };
  network: { rxBytes: number; txBytes: number };
  blockIo: { readBytes: number; writeBytes: number };
}

export interface ContainerLogLine {
  stream: "stdout" | "stderr";
  ts: string | null;
  text: string;
}

export interface DockerImage {
  id: string;
  tags: string[];
  sizeBytes: number;
  createdAt: string;
  /** How many containers use it. */
  containers: number;
}

export interface DockerVolume {
  name: string;
  driver: string;
  createdAt: string;
  usedBy: string[];
  labels: Record<string, string> | null;
}

export interface DockerNetwork {
  id: string;
  name: string;
  driver: string;
  scope: string;
  internal: boolean;
  /** bridge / host / none: can't be removed. */
  builtin?: boolean;
  usedBy: string[];
  labels?: Record<string, string>;
}

export type DockerObjectType = "container" | "image" | "volume" | "network";

export interface DockerEvent {
  type: DockerObjectType;
  action: string;
  id: string;
  name: string | null;
  /** The compose project (app name) of a container, when known. */
  app?: string | null;
  at: string;
}

export type ContainerAction = "start" | "stop" | "restart" | "kill";
