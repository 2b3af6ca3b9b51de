// What a sync will do, decided before it runs: the direction rule, the domain pairs added to
// the user's, and the checks on the rules.
import { describe, expect, test } from "bun:test";
import { DomainError } from "../lib/errors.ts";
import { checkDirection, planSync } from "./sync-plan.ts";
import type { SyncEnvironment, SyncRules } from "./sync-types.ts";

const rules = (r: Partial<SyncRules> = {}): SyncRules => ({ source: "prod", schedule: null, searchReplace: [], anonymizeUsers: false, keepUsers: [], truncateTables: [], excludeTables: [], ...r });
const prod: SyncEnvironment = { id: 1, projectId: 1, name: "prod", appId: 10, domain: "www.site.com", sync: null };
const dev: SyncEnvironment = { id: 2, projectId: 1, name: "dev", appId: 11, domain: "dev.site.com:8443", sync: rules() };

const code = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof DomainError ? e.code : String(e);
  }
};

describe("sync plan", () => {
  test("the configured direction needs no confirmation; any other needs the target's name typed", () => {
    expect(code(() => checkDirection(prod, dev, undefined, false))).toBeNull();
    expect(code(() => checkDirection(dev, prod, undefined, false))).toBe("confirm_mismatch");
    expect(code(() => checkDirection(dev, prod, "dev", false))).toBe("confirm_mismatch");
    expect(code(() => checkDirection(dev, prod, "prod", false))).toBeNull();
    expect(code(() => checkDirection(dev, dev, "dev", false))).toBe("sync_same_environment");
    // A dry run writes nothing: no confirmation asked.
    expect(code(() => checkDirection(dev, prod, undefined, true))).toBeNull();
  });

  test("both domains known: https and http pairs are added unless a pair already searches for them", () => {
    expect(planSync(prod, dev).pairs).toEqual([
      { search: "https://www.site.com", replace: "https://dev.site.com:8443" },
      { search: "http://www.site.com", replace: "http://dev.site.com:8443" },
    ]);
    const own = { ...dev, sync: rules({ searchReplace: [["https://www.site.com", "https://elsewhere.test"]] }) };
    expect(planSync(prod, own).pairs).toEqual([
      { search: "https://www.site.com", replace: "https://elsewhere.test" },
      { search: "http://www.site.com", replace: "http://dev.site.com:8443" },
    ]);
    expect(planSync({ ...prod, domain: null }, dev).pairs).toEqual([]);
    expect(planSync(prod, dev).wordpressUrl).toBe("https://dev.site.com:8443");
    expect(planSync(prod, { ...dev, domain: null }).wordpressUrl).toBeNull();
  });

  test("bad rules are refused with their codes", () => {
    expect(code(() => planSync(prod, { ...dev, sync: rules({ searchReplace: [["abc", "xyz"]] }) }))).toBe("search_replace_invalid");
    expect(code(() => planSync(prod, { ...dev, sync: rules({ truncateTables: ["wp_`x"] }) }))).toBe("table_pattern_invalid");
    expect(code(() => planSync(prod, { ...dev, sync: rules({ excludeTables: ["a b"] }) }))).toBe("table_pattern_invalid");
  });
});
