import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig } from "./index.ts";

const file = (text: string) => {
  const p = join(mkdtempSync(join(tmpdir(), "sk-cfg-")), "config.yaml");
  writeFileSync(p, text);
  return p;
};

describe("loadConfig", () => {
  test("defaults when no file exists", () => {
    const c = loadConfig({}, { SERVERKIT_CONFIG: undefined });
    expect(c.port).toBe(5000);
    expect(c.dataDir).toBe("/var/lib/serverkit");
  });

  test("flags beat env beat file", () => {
    const p = file("port: 7000\nhost: 127.0.0.1\njobs:\n  concurrency: 3\n");
    expect(loadConfig({ config: p }, {}).port).toBe(7000);
    expect(loadConfig({ config: p }, { SERVERKIT_PORT: "7100" }).port).toBe(7100);
    expect(loadConfig({ config: p, port: "7200" }, { SERVERKIT_PORT: "7100" }).port).toBe(7200);
    expect(loadConfig({ config: p }, {}).jobs.concurrency).toBe(3);
  });

  test("a bad value names the key", () => {
    const p = file("jobs:\n  concurrency: lots\n");
    expect(() => loadConfig({ config: p }, {})).toThrow(/jobs\.concurrency/);
  });

  test("an unknown key is refused by name", () => {
    const p = file("prot: 5000\n");
    expect(() => loadConfig({ config: p }, {})).toThrow(ConfigError);
    expect(() => loadConfig({ config: p }, {})).toThrow(/prot/);
  });

  test("an explicit missing file is an error", () => {
    expect(() => loadConfig({ config: "/nonexistent/sk.yaml" }, {})).toThrow(/not found/);
  });
});
