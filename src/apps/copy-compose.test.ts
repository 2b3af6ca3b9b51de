import { describe, expect, test } from "bun:test";
import { adaptForCopy, parseEnvFile } from "./copy-compose.ts";
import { parseCompose, publishedPorts } from "./compose-model.ts";
import { renderEnvFile } from "./env-file.ts";

const counter = (start: number) => {
  let n = start;
  return async () => n++;
};

describe("adapting an app's files for a copy beside it", () => {
  test("literal and variable host ports move, comments stay, tcp/udp pairs stay together", async () => {
    const text = [
      "# my app",
      "services:",
      "  web:",
      "    image: nginx # the web",
      '    container_name: "fixed"',
      '    ports: ["8080:80", "127.0.0.1:${ADMIN_PORT}:8081", "53:53/tcp", "53:53/udp", "9000"]',
      "  api:",
      "    image: api",
      "    ports:",
      "      - target: 3000",
      "        published: 3001",
      "      - target: 3002",
      '        published: "${API_PORT:-4000}"',
      "",
    ].join("\n");
    const r = await adaptForCopy(text, { ADMIN_PORT: "7000", OTHER: "x" }, counter(20000));
    expect(r.compose).toContain("# my app");
    expect(r.compose).toContain("# the web");
    expect(r.compose).not.toContain("container_name");
    expect(r.env).toEqual({ ADMIN_PORT: "20001", OTHER: "x", API_PORT: "20004" });
    const ports = publishedPorts(parseCompose(r.compose), r.env).map((p) => `${p.service} ${p.hostPort}->${p.containerPort}`);
    expect(ports).toEqual(["web 20000->80", "web 20001->8081", "web 20002->53/tcp", "web 20002->53/udp", "api 20003->3000", "api 20004->3002"]);
    expect(r.moved.map((m) => [m.from, m.to])).toEqual([[8080, 20000], [7000, 20001], [53, 20002], [3001, 20003], [4000, 20004]]);
  });

  test("nothing to change: the text is kept byte for byte", async () => {
    const text = "services:\n  w:\n    image: x   # odd   spacing\n";
    expect((await adaptForCopy(text, {}, counter(1))).compose).toBe(text);
  });

  test("volumes shared with the original and port ranges are refused", async () => {
    const shared = "services:\n  w:\n    image: x\nvolumes:\n  data:\n    external: true\n";
    await expect(adaptForCopy(shared, {}, counter(1))).rejects.toMatchObject({ code: "clone_shared_volume" });
    const named = "services:\n  w:\n    image: x\nvolumes:\n  data:\n    name: the-data\n";
    await expect(adaptForCopy(named, {}, counter(1))).rejects.toMatchObject({ code: "clone_shared_volume" });
    const range = 'services:\n  w:\n    image: x\n    ports: ["8000-8001:80-81"]\n';
    await expect(adaptForCopy(range, {}, counter(1))).rejects.toMatchObject({ code: "clone_port_range" });
  });

  test(".env round trip", () => {
    const env = { A: "1", B: "x=y # not a comment", C: "" };
    expect(parseEnvFile(renderEnvFile(env))).toEqual(env);
    expect(() => parseEnvFile("not a line\n")).toThrow("KEY=value");
  });
});
