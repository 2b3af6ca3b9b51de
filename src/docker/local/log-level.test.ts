import { describe, expect, test } from "bun:test";
import { detectLevel } from "./log-level.ts";
import { stripAnsi } from "../../protocol/index.ts";
import { lineMatcher } from "./log-match.ts";

describe("log level detection", () => {
  const cases: [string, string | null][] = [
    ["ERROR boom 1", "error"],
    ["INFO start", "info"],
    ["WARNING:root:disk almost full", "warn"],
    ["2024-05-01 10:00:00,123 DEBUG worker ready", "debug"],
    ["2024/05/01 10:00:00 [error] 29#29: *1 open() failed", "error"],
    ["[warn] cache miss", "warn"],
    ["[Notice] reloaded", "info"],
    ["W/ActivityManager: slow start", "warn"],
    ["E/AndroidRuntime(1234): FATAL EXCEPTION", "error"],
    ['time=2024-05-01T10:00:00Z level=error msg="db down"', "error"],
    ['ts=1 level="warn" msg=x', "warn"],
    ['{"level":"warn","msg":"slow"}', "warn"],
    ['{"severity":"ERROR","message":"x"}', "error"],
    ['{"level":50,"msg":"pino error"}', "error"],
    ['{"level":30,"msg":"pino info"}', "info"],
    ['{"level":20,"msg":"bunyan debug"}', "debug"],
    ['{"level":60,"msg":"fatal"}', "error"],
    ['{"log":{"level":"info"},"message":"ecs"}', "info"],
    ["<3>disk failure", "error"],
    ["<12>Warning from kernel", "warn"],
    ["<14>user info", "info"],
    ["<15>debugging", "debug"],
    ["error: no such file", "error"],
    ["GET /index.html 200", null],
    ["the error rate is fine", null],
    ["Information superhighway", null],
    ['{"msg":"no level here"}', null],
    ["", null],
  ];
  test.each(cases)("%p -> %p", (text, level) => expect(detectLevel(text)).toBe(level as never));
});

describe("line matching", () => {
  const line = (text: string) => ({ stream: "stdout" as const, ts: null, text });

  test("plain text is literal and case-insensitive; positions are in the text without ANSI", () => {
    const m = lineMatcher({ query: "a.b", regex: false, caseSensitive: false, levels: [] });
    expect(m(line("xaxb"))).toBeNull();
    const hit = m(line("\u001b[31mA.B\u001b[0m and a.b"))!;
    expect(hit.matches).toEqual([[0, 3], [8, 11]]);
    expect(stripAnsi(hit.text).slice(8, 11)).toBe("a.b");
  });

  test("regex and case sensitivity", () => {
    const m = lineMatcher({ query: "boom \\d+", regex: true, caseSensitive: true, levels: [] });
    expect(m(line("ERROR boom 12"))!.matches).toEqual([[6, 13]]);
    expect(m(line("ERROR BOOM 12"))).toBeNull();
  });

  test("a level filter keeps only lines of those levels, unknown ones out", () => {
    const m = lineMatcher({ query: "", regex: false, caseSensitive: false, levels: ["error", "warn"] });
    expect(m(line("ERROR x"))!.level).toBe("error");
    expect(m(line('{"level":"warn"}'))!.level).toBe("warn");
    expect(m(line("INFO x"))).toBeNull();
    expect(m(line("plain"))).toBeNull();
  });

  test("without a level filter every line comes back with its level", () => {
    const m = lineMatcher({ query: "", regex: false, caseSensitive: false, levels: [] });
    expect(m(line("plain"))).toEqual({ stream: "stdout", ts: null, text: "plain", level: null, matches: [] });
    expect(m(line("\u001b[33mWARN\u001b[0m hot"))!.level).toBe("warn");
  });
});
