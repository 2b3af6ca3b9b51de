// Docker management on a managed server: containers, images, volumes, networks, events.
// Shapes are ours, not the Engine API's, so an agent on another Docker version answers the same.
import { z } from "zod";
import { logSearchArgs, logSearchChunk } from "./log-search.ts";

/** A container id (full or short) or name. */
export const containerRef = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/, "a container id or name");
/** An image id (sha256:...), short id or reference (registry/name:tag@digest). */
export const imageRef = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:/@+-]{0,511}$/, "an image id or reference");
/** Docker's own rule for volume and network names. */
export const resourceName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, "letters, digits, and _ . - (not first)");
const labels = z.record(z.string(), z.string());
/** Names an exec's stdin between the stream that runs it and the calls that feed it. */
const execSession = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "a session id");

export const containerStates = ["created", "running", "paused", "restarting", "removing", "exited", "dead"] as const;
export const portSchema = z.object({
  hostIp: z.string().nullable(),
  hostPort: z.number().int().nullable(),
  containerPort: z.number().int(),
  protocol: z.string(),
});
export const containerSchema = z.object({
  id: z.string(),
  name: z.string(),
  image: z.string(),
  state: z.enum(containerStates),
  /** Docker's human text: "Up 5 minutes", "Exited (0) 2 hours ago". */
  status: z.string(),
  createdAt: z.string(),
  /** Known from inspect; the list endpoint of the Engine does not report it. */
  startedAt: z.string().nullable(),
  ports: z.array(portSchema),
  labels,
  /** Compose project (a ServerKit app is one) and service, from the com.docker.compose.* labels. */
  app: z.string().nullable(),
  service: z.string().nullable(),
});
export type Container = z.infer<typeof containerSchema>;

export const containerDetailsSchema = z.object({
  imageId: z.string(),
  env: z.array(z.string()),
  cmd: z.array(z.string()).nullable(),
  entrypoint: z.array(z.string()).nullable(),
  workingDir: z.string(),
  user: z.string(),
  tty: z.boolean(),
  mounts: z.array(
    z.object({ type: z.string(), name: z.string().nullable(), source: z.string(), destination: z.string(), rw: z.boolean() }),
  ),
  networks: z.array(z.object({ name: z.string(), ipAddress: z.string(), aliases: z.array(z.string()) })),
  restartPolicy: z.object({ name: z.string(), maximumRetryCount: z.number().int() }),
  health: z
    .object({
      status: z.string(),
      failingStreak: z.number().int(),
      log: z.array(z.object({ start: z.string(), exitCode: z.number().int(), output: z.string() })),
    })
    .nullable(),
  exitCode: z.number().int(),
  error: z.string(),
  oomKilled: z.boolean(),
  finishedAt: z.string().nullable(),
  restartCount: z.number().int(),
});
export type ContainerDetails = z.infer<typeof containerDetailsSchema>;

export const logLineSchema = z.object({
  stream: z.enum(["stdout", "stderr"]),
  /** RFC 3339 with nanoseconds, as Docker wrote it; null unless timestamps were asked for. */
  ts: z.string().nullable(),
  text: z.string(),
});
export type LogLine = z.infer<typeof logLineSchema>;
const logArgs = z.object({
  id: containerRef,
  tail: z.number().int().min(0).max(10_000).default(200),
  /** Unix seconds (fractions allowed). */
  since: z.number().min(0).optional(),
  timestamps: z.boolean().default(false),
});

export const containerStatsSchema = z.object({
  at: z.string(),
  cpuPercent: z.number(),
  memory: z.object({ usedBytes: z.number(), limitBytes: z.number() }),
  network: z.object({ rxBytes: z.number(), txBytes: z.number() }),
  blockIo: z.object({ readBytes: z.number(), writeBytes: z.number() }),
});
export type ContainerStats = z.infer<typeof containerStatsSchema>;

export const imageSchema = z.object({
  id: z.string(),
  tags: z.array(z.string()),
  sizeBytes: z.number(),
  createdAt: z.string(),
  /** Containers (running or not) created from it. */
  containers: z.number().int(),
});
export const pullChunkSchema = z.object({
  status: z.string(),
  /** The layer the status is about; null for whole-image lines ("Digest: ...", "Status: ..."). */
  id: z.string().nullable(),
  current: z.number().nullable(),
  total: z.number().nullable(),
});
export type PullChunk = z.infer<typeof pullChunkSchema>;

export const volumeSchema = z.object({
  name: z.string(),
  driver: z.string(),
  createdAt: z.string().nullable(),
  usedBy: z.array(z.string()),
  labels,
  /** Where the volume's data lives on the server (local driver), for backups. */
  mountpoint: z.string().nullable().default(null),
});
export const networkSchema = z.object({
  id: z.string(),
  name: z.string(),
  driver: z.string(),
  scope: z.string(),
  internal: z.boolean(),
  /** bridge, host and none come with Docker and cannot be removed. */
  builtin: z.boolean(),
  usedBy: z.array(z.string()),
  labels,
});

export const dockerEventSchema = z.object({
  type: z.enum(["container", "image", "volume", "network"]),
  action: z.string(),
  id: z.string(),
  name: z.string().nullable(),
  /** Compose project of the container the event is about, when it has one. */
  app: z.string().nullable(),
  at: z.string(),
});
export type DockerEvent = z.infer<typeof dockerEventSchema>;

export const publishedPortSchema = z.object({
  hostIp: z.string(),
  hostPort: z.number().int(),
  protocol: z.string(),
  container: z.string(),
  /** A stopped container's port is not bound now, but will be when it starts again. */
  running: z.boolean(),
});

export const containerActions = ["start", "stop", "restart", "kill"] as const;
const done = z.object({});

export const dockerCalls = {
  "containers.list": { args: z.object({ all: z.boolean().default(true) }), result: z.array(containerSchema) },
  "containers.inspect": {
    args: z.object({ id: containerRef }),
    result: z.object({ container: containerSchema, details: containerDetailsSchema }),
  },
  "containers.action": {
    args: z.object({
      id: containerRef,
      action: z.enum(containerActions),
      /** stop/restart: seconds to wait before SIGKILL (Docker's default is 10). */
      timeoutSeconds: z.number().int().min(0).max(600).optional(),
      /** kill: the signal to send (default SIGKILL). */
      signal: z.string().regex(/^(SIG)?[A-Z0-9]{2,10}$/).optional(),
    }),
    result: containerSchema,
  },
  "containers.remove": {
    args: z.object({ id: containerRef, force: z.boolean().default(false), volumes: z.boolean().default(false) }),
    result: done,
  },
  "containers.logs": {
    args: logArgs,
    result: z.object({ lines: z.array(logLineSchema), /** older lines were dropped to stay in budget */ truncated: z.boolean() }),
  },
  "containers.stats": { args: z.object({ id: containerRef }), result: containerStatsSchema },
  "images.list": { args: z.object({}), result: z.array(imageSchema) },
  "images.remove": {
    args: z.object({ id: imageRef, force: z.boolean().default(false) }),
    result: z.object({ untagged: z.array(z.string()), deleted: z.array(z.string()) }),
  },
  "images.prune": {
    /** all: unused images too, not only dangling ones (like `docker image prune -a`). */
    args: z.object({ all: z.boolean().default(false) }),
    result: z.object({ deleted: z.number().int(), reclaimedBytes: z.number() }),
  },
  "volumes.list": { args: z.object({}), result: z.array(volumeSchema) },
  "volumes.create": { args: z.object({ name: resourceName, labels: labels.optional() }), result: volumeSchema },
  "volumes.remove": { args: z.object({ name: resourceName }), result: done },
  "networks.list": { args: z.object({}), result: z.array(networkSchema) },
  "networks.create": {
    args: z.object({
      name: resourceName,
      driver: z.string().regex(/^[a-z0-9_.-]{1,64}$/).default("bridge"),
      internal: z.boolean().default(false),
      labels: labels.optional(),
    }),
    result: networkSchema,
  },
  "networks.remove": { args: z.object({ id: resourceName }), result: done },
  /** Host ports held by any container (running or stopped); the apps domain allocates around them. */
  "docker.publishedPorts": { args: z.object({}), result: z.object({ ports: z.array(publishedPortSchema) }) },
  /** Bytes (base64, up to 1 MiB decoded) for the stdin of a "containers.exec" started with this session; `end` closes it. */
  "containers.exec.stdin": {
    args: z.object({ session: execSession, data: z.string().max(1_398_104).default(""), end: z.boolean().default(false) }),
    result: done,
  },
} as const;

/** A command run in a running container: an argument array, handed to Docker as is (no shell). */
export const execArgs = z.object({
  id: containerRef,
  // Empty arguments are real arguments (`redis-cli CONFIG SET save ""`); only the program needs a name.
  command: z
    .array(z.string().max(4096))
    .min(1)
    .max(256)
    .refine((c) => c[0] !== "", "the program's name"),
  user: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/).optional(),
  workingDir: z.string().startsWith("/").max(1024).optional(),
  env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*=/).max(8192)).max(64).optional(),
  /**
   * Attach stdin: the caller names a session (random, its own) and feeds it with
   * "containers.exec.stdin" calls; each call answers once its bytes are written (backpressure).
   */
  stdinSession: execSession.optional(),
});
/** Output as it comes (base64, so binary dumps survive), then exactly one exit code. */
export const execChunkSchema = z.union([
  z.object({ stream: z.enum(["stdout", "stderr"]), data: z.string() }),
  z.object({ exitCode: z.number().int() }),
]);
export type ExecChunk = z.infer<typeof execChunkSchema>;

export const dockerStreams = {
  /** Runs a command in a running container; stopping the stream stops reading (the process may run on). */
  "containers.exec": { args: execArgs, chunk: execChunkSchema },
  "containers.logs.follow": { args: logArgs.extend({ tail: z.number().int().min(0).max(10_000).default(100) }), chunk: logLineSchema },
  /** Matching lines of a container's log history (text or regex, levels, time range), filtered where the log lives; then one {done}. */
  "containers.logs.search": { args: logSearchArgs, chunk: logSearchChunk },
  /** About one sample a second, for as long as the caller listens. */
  "containers.stats.stream": { args: z.object({ id: containerRef }), chunk: containerStatsSchema },
  /** Progress of `docker pull`; ends when the image is there, fails with the registry's error. */
  "images.pull": { args: z.object({ image: imageRef }), chunk: pullChunkSchema },
  /** First chunk {ready: true} once the engine is sending (what was cached before can be trusted from then), then events. */
  "docker.events": { args: z.object({}), chunk: z.union([z.object({ ready: z.literal(true) }), dockerEventSchema]) },
} as const;
