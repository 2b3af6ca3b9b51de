// Table patterns of sync rules: what they match, and what is refused before any SQL exists.
import { describe, expect, test } from "bun:test";
import { DomainError } from "../lib/errors.ts";
import { assertTablePatterns, matchTables } from "./table-patterns.ts";

const NAMES = ["wp_options", "wp_statistics_visits", "wp_statistics_pages", "wp_actionscheduler_logs", "WP_Statistics_Old", "wp_2_statistics_x", "shop$orders", "shop.pages"];

describe("table patterns", () => {
  test("exact names match themselves only, case-sensitively", () => {
    expect(matchTables(NAMES, ["wp_options"])).toEqual(["wp_options"]);
    expect(matchTables(NAMES, ["WP_OPTIONS"])).toEqual([]);
    expect(matchTables(NAMES, ["wp_option"])).toEqual([]);
  });

  test("* stands for any run of characters, anywhere in the pattern", () => {
    expect(matchTables(NAMES, ["wp_statistics_*"])).toEqual(["wp_statistics_visits", "wp_statistics_pages"]);
    expect(matchTables(NAMES, ["*statistics*"])).toEqual(["wp_statistics_visits", "wp_statistics_pages", "wp_2_statistics_x"]);
    expect(matchTables(NAMES, ["wp_*_logs", "shop$*"])).toEqual(["wp_actionscheduler_logs", "shop$orders"]);
    expect(matchTables(NAMES, ["*"])).toEqual(NAMES);
    expect(matchTables(NAMES, [])).toEqual([]);
  });

  test("$ is a literal character, not an end anchor", () => {
    expect(matchTables(["a$b", "ab"], ["a$b"])).toEqual(["a$b"]);
    expect(matchTables(["a$", "a"], ["a$"])).toEqual(["a$"]);
  });

  test("anything but letters, digits, _, $ and * is refused with table_pattern_invalid", () => {
    for (const bad of ["", "wp_users; DROP TABLE x", "wp-users", "wp_?", "wp.users", "wp_users ", "--no-data", "a".repeat(129)]) {
      const err = (() => {
        try {
          assertTablePatterns([bad]);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe("table_pattern_invalid");
    }
    expect(() => matchTables(NAMES, ["wp_*", "x y"])).toThrow('"x y" is not a table pattern');
    expect(() => assertTablePatterns(["wp_statistics_*", "wp_actionscheduler_*", "Tbl$1"])).not.toThrow();
  });
});
