// Engine API answers -> our Container shape. The list and inspect endpoints describe the same
// container differently; both end up as one Container so callers never care which was used.
import { containerStates, type Container, type ContainerDetails } from "../../protocol/index.ts";
import type { RawContainerInspect, RawContainerSummary, RawPortBindings } from "./engine-types.ts";

const PROJECT = "com.docker.compose.project";
const SERVICE = "com.docker.compose.service";
const ZERO_TIME = "0001-01-01T00:00:00Z";

const state = (s: string): Container["state"] =>
  (containerStates as readonly string[]).includes(s) ? (s as Container["state"]) : "dead";
const time = (t: string | undefined) => (!t || t.startsWith("0001-01-01") || t === ZERO_TIME ? null : t);
const appOf = (labels: Record<string, string>) => ({ app: labels[PROJECT] ?? null, service: labels[SERVICE] ?? null });

export function fromSummary(c: RawContainerSummary): Container {
  const labels = c.Labels ?? {};
  return {
    id: c.Id,
    name: (c.Names[0] ?? c.Id).replace(/^\//, ""),
    image: c.Image,
    state: state(c.State),
    status: c.Status,
    createdAt: new Date(c.Created * 1000).toISOString(),
    startedAt: null,
    ports: c.Ports.map((p) => ({
      hostIp: p.IP ?? null,
      hostPort: p.PublicPort ?? null,
      containerPort: p.PrivatePort,
      protocol: p.Type,
    })),
    labels,
    ...appOf(labels),
  };
}

/** "80/tcp": [{HostIp, HostPort}] -> one port entry per binding (or one unbound entry). */
export function portsOf(bindings: RawPortBindings) {
  const out: Container["ports"] = [];
  for (const [key, list] of Object.entries(bindings ?? {})) {
    const [port = "0", protocol = "tcp"] = key.split("/");
    if (!list?.length) out.push({ hostIp: null, hostPort: null, containerPort: Number(port), protocol });
    for (const b of list ?? []) {
      const hostPort = b.HostPort ? Number(b.HostPort) : null;
      out.push({ hostIp: b.HostIp || null, hostPort, containerPort: Number(port), protocol });
    }
  }
  return out;
}

export function fromInspect(c: RawContainerInspect, now = Date.now()): Container {
  const labels = c.Config.Labels ?? {};
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ""),
    image: c.Config.Image,
    state: state(c.State.Status),
    status: statusText(c.State, now),
    createdAt: c.Created,
    startedAt: time(c.State.StartedAt),
    ports: portsOf(c.NetworkSettings.Ports),
    labels,
    ...appOf(labels),
  };
}

export function detailsOf(c: RawContainerInspect): ContainerDetails {
  const h = c.State.Health;
  return {
    imageId: c.Image,
    env: c.Config.Env ?? [],
    cmd: c.Config.Cmd,
    entrypoint: c.Config.Entrypoint,
    workingDir: c.Config.WorkingDir,
    user: c.Config.User,
    tty: c.Config.Tty,
    mounts: c.Mounts.map((m) => ({ type: m.Type, name: m.Name ?? null, source: m.Source, destination: m.Destination, rw: m.RW })),
    networks: Object.entries(c.NetworkSettings.Networks ?? {}).map(([name, n]) => ({
      name,
      ipAddress: n.IPAddress,
      aliases: n.Aliases ?? [],
    })),
    restartPolicy: {
      name: c.HostConfig.RestartPolicy?.Name || "no",
      maximumRetryCount: c.HostConfig.RestartPolicy?.MaximumRetryCount ?? 0,
    },
    health: h
      ? {
          status: h.Status,
          failingStreak: h.FailingStreak,
          log: (h.Log ?? []).map((l) => ({ start: l.Start, exitCode: l.ExitCode, output: l.Output })),
        }
      : null,
    exitCode: c.State.ExitCode,
    error: c.State.Error,
    oomKilled: c.State.OOMKilled,
    finishedAt: time(c.State.FinishedAt),
    restartCount: c.RestartCount,
  };
}

/** Docker's units.HumanDuration, so statuses read the same as in `docker ps`. */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 1) return "Less than a second";
  if (s === 1) return "1 second";
  if (s < 60) return `${s} seconds`;
  const m = Math.floor(s / 60);
  if (m === 1) return "About a minute";
  if (m < 60) return `${m} minutes`;
  const h = Math.round(m / 60);
  if (h === 1) return "About an hour";
  if (h < 48) return `${h} hours`;
  if (h < 24 * 7 * 2) return `${Math.floor(h / 24)} days`;
  if (h < 24 * 30 * 2) return `${Math.floor(h / 24 / 7)} weeks`;
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24 / 30)} months`;
  return `${Math.floor(h / 24 / 365)} years`;
}

/** The status column of `docker ps`, which the inspect endpoint does not give. */
export function statusText(s: RawContainerInspect["State"], now = Date.now()): string {
  const since = (t: string) => humanDuration(Math.max(0, now - Date.parse(t)));
  switch (s.Status) {
    case "running": {
      const health = s.Health && s.Health.Status !== "none" ? ` (${s.Health.Status === "starting" ? "health: starting" : s.Health.Status})` : "";
      return `Up ${since(s.StartedAt)}${health}`;
    }
    case "paused":
      return `Up ${since(s.StartedAt)} (Paused)`;
    case "restarting":
      return `Restarting (${s.ExitCode}) ${since(s.FinishedAt)} ago`;
    case "exited":
      return time(s.FinishedAt) ? `Exited (${s.ExitCode}) ${since(s.FinishedAt)} ago` : "Exited";
    case "removing":
      return "Removal In Progress";
    case "dead":
      return "Dead";
    default:
      return "Created";
  }
}
