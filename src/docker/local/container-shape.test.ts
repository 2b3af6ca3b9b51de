import { describe, expect, test } from "bun:test";
import { humanDuration, portsOf, statusText } from "./container-shape.ts";
import { splitReference } from "./images.ts";
import { toEvent } from "./events.ts";

const state = (over: Record<string, unknown>) =>
  ({ Status: "running", Running: true, Paused: false, Restarting: false, OOMKilled: false, ExitCode: 0, Error: "", StartedAt: "", FinishedAt: "", ...over }) as never;

describe("container shapes", () => {
  test("durations read like docker ps", () => {
    const s = 1000;
    expect([0.5 * s, 1 * s, 42 * s, 61 * s, 5 * 60 * s, 65 * 60 * s, 5 * 3600 * s, 3 * 86400 * s, 20 * 86400 * s, 100 * 86400 * s, 800 * 86400 * s].map(humanDuration)).toEqual([
      "Less than a second",
      "1 second",
      "42 seconds",
      "About a minute",
      "5 minutes",
      "About an hour",
      "5 hours",
      "3 days",
      "2 weeks",
      "3 months",
      "2 years",
    ]);
  });

  test("status text for each state", () => {
    const now = Date.parse("2025-01-01T01:00:00Z");
    expect(statusText(state({ StartedAt: "2025-01-01T00:55:00Z" }), now)).toBe("Up 5 minutes");
    expect(statusText(state({ StartedAt: "2025-01-01T00:55:00Z", Health: { Status: "healthy", FailingStreak: 0, Log: [] } }), now)).toBe("Up 5 minutes (healthy)");
    expect(statusText(state({ Status: "exited", ExitCode: 137, FinishedAt: "2025-01-01T00:00:00Z" }), now)).toBe("Exited (137) About an hour ago");
    expect(statusText(state({ Status: "created" }), now)).toBe("Created");
  });

  test("port bindings: one entry per binding, exposed-only ports unbound", () => {
    expect(portsOf({ "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }, { HostIp: "::1", HostPort: "8080" }], "53/udp": null })).toEqual([
      { hostIp: "127.0.0.1", hostPort: 8080, containerPort: 80, protocol: "tcp" },
      { hostIp: "::1", hostPort: 8080, containerPort: 80, protocol: "tcp" },
      { hostIp: null, hostPort: null, containerPort: 53, protocol: "udp" },
    ]);
  });

  test("references: a tag is always sent (else every tag is pulled); a registry port is no tag", () => {
    expect(splitReference("nginx")).toEqual({ fromImage: "nginx", tag: "latest" });
    expect(splitReference("nginx:1.27")).toEqual({ fromImage: "nginx", tag: "1.27" });
    expect(splitReference("localhost:5000/team/app")).toEqual({ fromImage: "localhost:5000/team/app", tag: "latest" });
    expect(splitReference("ghcr.io/o/a@sha256:abc")).toEqual({ fromImage: "ghcr.io/o/a", tag: "sha256:abc" });
  });

  test("events: exec noise dropped, names and apps carried", () => {
    expect(toEvent({ Type: "container", Action: "exec_start: sh -c true", Actor: { ID: "x" } })).toBeNull();
    expect(toEvent({ Type: "builder", Action: "prune" })).toBeNull();
    const e = toEvent({
      Type: "container",
      Action: "start",
      Actor: { ID: "abc", Attributes: { name: "blog-web-1", "com.docker.compose.project": "blog" } },
      timeNano: 1_700_000_000_123_456_789,
    });
    expect(e).toEqual({ type: "container", action: "start", id: "abc", name: "blog-web-1", app: "blog", at: "2023-11-14T22:13:20.123Z" });
    expect(toEvent({ Type: "volume", Action: "create", Actor: { ID: "data" }, time: 1 })!.name).toBe("data");
  });
});
