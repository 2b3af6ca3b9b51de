import { describe, expect, test } from "bun:test";
import { parseCompose, publishedPorts } from "./compose-model.ts";
import { privilegedFeatures } from "./policy.ts";

const c = (yaml: string) => parseCompose(yaml);

describe("privilegedFeatures", () => {
  const cases: [string, string, RegExp | null][] = [
    ["named volume and app-relative bind are fine", "services:\n  a:\n    image: x\n    volumes: [data:/data, ./conf:/etc/conf:ro]\nvolumes: { data: {} }\n", null],
    ["docker socket", "services:\n  a:\n    image: x\n    volumes: [/var/run/docker.sock:/var/run/docker.sock]\n", /Docker socket/],
    ["absolute host path", "services:\n  a:\n    image: x\n    volumes: [/etc:/host-etc]\n", /host path \/etc/],
    ["climbing out of the app folder", "services:\n  a:\n    image: x\n    volumes: [../../secret:/s]\n", /host path/],
    ["long syntax bind", "services:\n  a:\n    image: x\n    volumes: [{ type: bind, source: /root, target: /r }]\n", /host path \/root/],
    ["privileged", "services:\n  a:\n    image: x\n    privileged: true\n", /privileged/],
    ["host network", "services:\n  a:\n    image: x\n    network_mode: host\n", /host's network/],
    ["host pid", "services:\n  a:\n    image: x\n    pid: host\n", /host's pid/],
    ["SYS_ADMIN", "services:\n  a:\n    image: x\n    cap_add: [SYS_ADMIN]\n", /SYS_ADMIN/],
    ["volume driver_opts bind", "services:\n  a:\n    image: x\nvolumes:\n  v:\n    driver_opts: { type: none, o: bind, device: /srv }\n", /binds host path/],
  ];
  for (const [name, yaml, expected] of cases) {
    test(name, () => {
      const found = privilegedFeatures(c(yaml));
      if (expected === null) expect(found).toEqual([]);
      else expect(found.join("; ")).toMatch(expected);
    });
  }
});

describe("parseCompose and publishedPorts", () => {
  test("refuses what is not a compose file, saying where", () => {
    expect(() => c("just text")).toThrow(/services/);
    expect(() => c("services:\n  web:\n    ports: [80]\n")).toThrow(/services.web needs an `image:`/);
    expect(() => c("services: [\n")).toThrow(/not valid YAML/);
  });

  test("short and long port syntax, ranges, host IPs, env interpolation", () => {
    const compose = c(`services:
  web:
    image: x
    ports: ["8080:80", "127.0.0.1:8443:443/tcp", "9000-9001:9000-9001", "3000", { target: 53, published: 5353, protocol: udp }]
  api:
    image: api-image
    ports: ["\${API_PORT:-7000}:7000"]
`);
    expect(publishedPorts(compose, { API_PORT: "7100" }).map((p) => [p.service, p.hostPort, p.hostIp])).toEqual([
      ["web", 8080, null],
      ["web", 8443, "127.0.0.1"],
      ["web", 9000, null],
      ["web", 9001, null],
      ["web", 5353, null],
      ["api", 7100, null],
    ]);
    expect(publishedPorts(compose).find((p) => p.service === "api")?.hostPort).toBe(7000);
  });
});
