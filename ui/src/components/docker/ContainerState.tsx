import type { Container, ContainerPort, ContainerState } from "../../api";
import { elapsed } from "../../lib/format";
import { Badge, type Tone } from "../ui/Badge";

const LABEL: Record<ContainerState, string> = {
  running: "Running",
  exited: "Exited",
  paused: "Paused",
  restarting: "Restarting",
  created: "Created",
  dead: "Dead",
  removing: "Removing",
};

/** Exit code from Docker's status text ("Exited (137) 2 minutes ago"), if any. */
export const exitCode = (status: string): number | null => {
  const m = /Exited \((-?\d+)\)/.exec(status);
  return m ? Number(m[1]) : null;
};

function tone(c: Pick<Container, "state" | "status">): Tone {
  switch (c.state) {
    case "running":
      return "success";
    case "paused":
    case "restarting":
    case "removing":
      return "warning";
    case "dead":
      return "danger";
    case "exited":
      return (exitCode(c.status) ?? 0) !== 0 ? "danger" : "neutral";
    default:
      return "neutral";
  }
}

export function ContainerStateBadge(props: { container: Pick<Container, "state" | "status"> }) {
  const code = () => (props.container.state === "exited" ? exitCode(props.container.status) : null);
  return (
    <Badge tone={tone(props.container)} dot>
      {LABEL[props.container.state] ?? props.container.state}
      {code() !== null && code() !== 0 ? ` (${code()})` : ""}
    </Badge>
  );
}

/** "8080→80/tcp" (published) or "80/tcp" (exposed only). */
export const formatPort = (p: ContainerPort): string =>
  `${p.hostPort ? `${p.hostIp && p.hostIp !== "0.0.0.0" && p.hostIp !== "::" ? `${p.hostIp}:` : ""}${p.hostPort}→` : ""}${p.containerPort}/${p.protocol}`;

/** Published ports only, without the IPv4/IPv6 duplicates Docker reports. */
export function publishedPorts(ports: ContainerPort[]): string[] {
  return [...new Set(ports.filter((p) => p.hostPort).map(formatPort))];
}

/** "3h 12m" for running containers; Docker's own status text otherwise. */
export function uptime(c: Pick<Container, "state" | "status"> & { startedAt?: string | null }, now: number): string {
  void now; // re-evaluated by the caller's clock
  if (c.state === "running" && c.startedAt) return elapsed(c.startedAt);
  return c.status || "—";
}

const UNIT: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800, month: 2592000, year: 31536000 };

/** Seconds up, from startedAt or else Docker's "Up 5 minutes" / "Up About an hour" text. */
export function uptimeSeconds(c: Pick<Container, "state" | "status"> & { startedAt?: string | null }): number | null {
  if (c.state !== "running") return null;
  if (c.startedAt) return (Date.now() - new Date(c.startedAt).getTime()) / 1000;
  const m = /^Up (Less than a|About an?|\d+) (second|minute|hour|day|week|month|year)/.exec(c.status);
  if (!m) return null;
  const count = /^\d+$/.test(m[1]!) ? Number(m[1]) : m[1]!.startsWith("Less") ? 0.5 : 1;
  return count * UNIT[m[2]!]!;
}

export const shortId = (id: string): string => id.replace(/^sha256:/, "").slice(0, 12);
