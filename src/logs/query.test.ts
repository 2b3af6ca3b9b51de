import { describe, expect, test } from "bun:test";
import { parseLevels, parseSearch } from "./query.ts";

const NOW = 1_764_000_000; // 2025-11-24

describe("log search input", () => {
  test("defaults: everything, newest 500, no range", () => {
    expect(parseSearch({}, NOW)).toEqual({ query: "", regex: false, caseSensitive: false, levels: [], since: undefined, until: undefined, limit: 500 });
  });

  test("presets count back from now; custom takes ISO dates or unix seconds", () => {
    expect(parseSearch({ range: "15m" }, NOW).since).toBe(NOW - 900);
    expect(parseSearch({ range: "1d" }, NOW).since).toBe(NOW - 86_400);
    const custom = parseSearch({ range: "custom", since: "2025-11-24T10:00:00Z", until: "1764000000" }, NOW + 86_400);
    expect(custom).toMatchObject({ since: Date.UTC(2025, 10, 24, 10) / 1000, until: 1_764_000_000 });
  });

  test("levels: comma list, 'warning' is warn, unknown refused", () => {
    expect(parseLevels("error, WARNING,error")).toEqual(["error", "warn"]);
    expect(() => parseLevels("loud")).toThrow(/Unknown level "loud"/);
  });

  test("bad input is refused with the reason", () => {
    const reason = (input: Parameters<typeof parseSearch>[0]) => {
      try {
        parseSearch(input, NOW);
      } catch (err) {
        return `${(err as { code: string }).code}: ${(err as Error).message}`;
      }
      return "accepted";
    };
    expect(reason({ q: "a(", regex: true })).toBe("invalid_regex: Invalid regular expression: missing )");
    expect(reason({ q: "a(" })).toBe("accepted");
    expect(reason({ q: "(\\w+)*x", regex: true })).toMatch(/^invalid_regex: Nested quantifiers/);
    expect(reason({ q: "(ab)+x|[a-z]{2,3}", regex: true })).toBe("accepted");
    expect(reason({ q: "x".repeat(257) })).toMatch(/^invalid_query: .*256 characters/);
    expect(reason({ range: "3w" })).toMatch(/^invalid_range: Unknown range "3w"/);
    expect(reason({ range: "1h", until: String(NOW) })).toMatch(/not both/);
    expect(reason({ since: String(NOW), until: String(NOW - 1) })).toMatch(/"since" must be before "until"/);
    expect(reason({ since: String(NOW + 2 * 86_400) })).toMatch(/in the future/);
    expect(reason({ since: "0" })).toMatch(/before 2013/);
    expect(reason({ until: "soon" })).toMatch(/unix seconds or an ISO date/);
    expect(reason({ limit: 0 })).toMatch(/^invalid_limit/);
    expect(reason({ limit: 5001 })).toMatch(/^invalid_limit/);
  });
});
