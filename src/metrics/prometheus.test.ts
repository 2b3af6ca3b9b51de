import { describe, expect, test } from "bun:test";
import { escapeLabel, renderPrometheus } from "./prometheus.ts";

describe("Prometheus exposition", () => {
  test("label values escape backslash, double quote and line feed", () => {
    expect(escapeLabel('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });

  test("one HELP and TYPE per family, a line per scope, metrics a scope lacks left out", () => {
    const text = renderPrometheus([
      { server: "local", kind: "server", id: "local", app: null, at: 1, values: { cpu_percent: 12.5, load1: 0.5 } },
      { server: "local", kind: "container", id: 'we"ird', app: "blog", at: 1, values: { cpu_percent: 3, block_read_bps: 10 } },
      { server: "srv-2", kind: "container", id: "db-1", app: null, at: 1, values: { cpu_percent: 7 } },
    ]);
    const lines = text.trimEnd().split("\n");
    expect(lines.filter((l) => l === "# TYPE serverkit_container_cpu_percent gauge")).toHaveLength(1);
    expect(lines).toContain('serverkit_server_cpu_percent{server="local"} 12.5');
    expect(lines).toContain('serverkit_container_cpu_percent{server="local",container="we\\"ird",app="blog"} 3');
    expect(lines).toContain('serverkit_container_cpu_percent{server="srv-2",container="db-1"} 7');
    expect(lines).toContain('serverkit_container_block_read_bps{server="local",container="we\\"ird",app="blog"} 10');
    expect(text).not.toContain("serverkit_server_block_read_bps");
    expect(text).not.toContain("serverkit_app_");
    expect(text.endsWith("\n")).toBe(true);
  });

  test("nothing collected yet: an empty body", () => {
    expect(renderPrometheus([])).toBe("");
  });
});
