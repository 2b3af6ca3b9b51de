import { describe, expect, test } from "bun:test";
import { DomainError } from "../lib/errors.ts";
import { parseConfig } from "./config-file.ts";
import { exportConfig } from "./export.ts";
import type { Environment, Project } from "./types.ts";

const GOOD = `environments:
  dev:
    server: dev-server
    app: wordpress-dev
    domain: dev.site.com
    db_sync:
      source: prod
      schedule: "0 3 * * 0"
      search_replace:
        - ["https://www.site.com", "https://dev.site.com"]
      anonymize_users: true
      truncate_tables: [wp_statistics_*, wp_actionscheduler_*]
  prod:
    server: prod-server
    app: wordpress-prod
    domain: www.site.com
`;

/** The config_invalid details of a file that must be refused. */
function refused(text: string): { line: number; column: number; key: string; problem: string; message: string } {
  try {
    parseConfig(text);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    expect(err.code).toBe("config_invalid");
    return { ...(err.details as { line: number; column: number; key: string; problem: string }), message: err.message };
  }
  throw new Error("expected the file to be refused");
}

describe("parseConfig", () => {
  test("reads the issue's example", () => {
    const { environments } = parseConfig(GOOD);
    expect(environments.map((e) => e.name)).toEqual(["dev", "prod"]);
    expect(environments[0]).toEqual({
      name: "dev",
      server: "dev-server",
      app: "wordpress-dev",
      domain: "dev.site.com",
      sync: {
        source: "prod",
        schedule: "0 3 * * 0",
        searchReplace: [["https://www.site.com", "https://dev.site.com"]],
        anonymizeUsers: true,
        keepUsers: [],
        truncateTables: ["wp_statistics_*", "wp_actionscheduler_*"],
        excludeTables: [],
      },
    });
    expect(environments[1]).toEqual({ name: "prod", server: "prod-server", app: "wordpress-prod", domain: "www.site.com", sync: null });
  });

  test("a cron expression croner cannot parse names its line and key", () => {
    const r = refused(GOOD.replace('"0 3 * * 0"', '"every sunday"'));
    expect(r.line).toBe(8);
    expect(r.key).toBe("environments.dev.db_sync.schedule");
    expect(r.problem).toContain("every sunday");
    expect(r.message).toContain("line 8");
  });

  test("an unknown key is refused at that key", () => {
    const r = refused(GOOD.replace("      anonymize_users: true\n", "      anonymize_users: true\n      anonymise: true\n"));
    expect(r.line).toBe(12);
    expect(r.column).toBe(7);
    expect(r.key).toBe("environments.dev.db_sync.anonymise");
    expect(r.problem).toContain("unknown key");
  });

  test("a search string under 4 characters is refused at its pair", () => {
    const r = refused(GOOD.replace('["https://www.site.com", "https://dev.site.com"]', '["https://www.site.com", "https://dev.site.com"]\n        - ["www", "dev"]'));
    expect(r.line).toBe(11);
    expect(r.key).toBe("environments.dev.db_sync.search_replace[1][0]");
    expect(r.problem).toContain("too short");
  });

  test("a source that is not another environment of the file is refused", () => {
    const r = refused(GOOD.replace("source: prod", "source: production"));
    expect(r.line).toBe(7);
    expect(r.key).toBe("environments.dev.db_sync.source");
    expect(r.problem).toContain('"production" is not an environment');
    const self = refused(GOOD.replace("source: prod", "source: dev"));
    expect(self.problem).toContain("cannot be synced from itself");
  });

  test("a missing app and a wrong type are refused with their keys", () => {
    const missing = refused(GOOD.replace("    app: wordpress-prod\n", ""));
    expect(missing.key).toBe("environments.prod.app");
    expect(missing.line).toBe(13);
    expect(missing.problem).toBe("required");
    const wrongType = refused(GOOD.replace("anonymize_users: true", "anonymize_users: yes please"));
    expect(wrongType.key).toBe("environments.dev.db_sync.anonymize_users");
    expect(wrongType.line).toBe(11);
  });

  test("table patterns, domains and environment names are checked", () => {
    expect(refused(GOOD.replace("wp_statistics_*", '"wp_stats; DROP"')).key).toBe("environments.dev.db_sync.truncate_tables[0]");
    expect(refused(GOOD.replace("domain: dev.site.com", "domain: https://dev.site.com/")).key).toBe("environments.dev.domain");
    expect(refused(GOOD.replace("  prod:\n", "  prod env:\n").replace("source: prod", "source: prod env")).key).toBe("environments.prod env");
  });

  test("YAML syntax errors and duplicate keys carry their line", () => {
    const syntax = refused(GOOD.replace("    app: wordpress-dev\n", "    app: [wordpress-dev\n"));
    expect(syntax.line).toBeGreaterThanOrEqual(4);
    const dup = refused(GOOD.replace("    domain: www.site.com\n", "    domain: www.site.com\n    domain: site.com\n"));
    expect(dup.line).toBe(17);
  });

  test("an empty file and one without environments are refused", () => {
    expect(refused("").key).toBe("environments");
    expect(refused("environments: {}\n").problem).toContain("at least one environment");
    expect(refused("projects: []\n").problem).toContain("unknown key");
  });
});

describe("exportConfig", () => {
  const env = (over: Partial<Environment>): Environment => ({
    id: 1,
    projectId: 1,
    name: "x",
    appId: 1,
    app: null,
    domain: null,
    position: 0,
    sync: null,
    database: null,
    databaseError: null,
    ...over,
  });
  const servers = [
    { id: "local", name: "This server" },
    { id: "srv-a", name: "edge" },
    { id: "srv-b", name: "edge" },
  ];
  const app = (id: number, name: string, serverId: string) => ({ id, name, serverId, serverName: "", status: "running", templateId: null });

  test("round trip: the exported file parses back to the same settings", () => {
    const project: Project = {
      id: 1,
      name: "site",
      description: "",
      configSource: "ui",
      configAppId: null,
      configYaml: null,
      createdAt: "",
      updatedAt: "",
      environments: [
        env({ id: 1, name: "prod", appId: 1, app: app(1, "wp-prod", "local"), domain: "www.site.com" }),
        env({
          id: 2,
          name: "dev",
          appId: 2,
          app: app(2, "wp-dev", "srv-b"),
          domain: "dev.site.com:8443",
          sync: {
            source: "prod",
            schedule: "30 2 * * 1-5",
            searchReplace: [["https://www.site.com", "https://dev.site.com:8443"], ["Ünïcode «quoted»: yes", "#not a comment"]],
            anonymizeUsers: true,
            keepUsers: ["admin", "ops@site.com"],
            truncateTables: ["wp_statistics_*"],
            excludeTables: ["wp_cache$x", "big_log"],
          },
        }),
        env({ id: 3, name: "gone", appId: 9, app: null }),
      ],
    };
    const text = exportConfig(project, servers);
    expect(text).toContain("Left out (their app no longer exists): gone");
    const back = parseConfig(text).environments;
    expect(back).toEqual([
      { name: "prod", server: "This server", app: "wp-prod", domain: "www.site.com", sync: null },
      // Two servers are named "edge": the file names this one by id.
      { name: "dev", server: "srv-b", app: "wp-dev", domain: "dev.site.com:8443", sync: project.environments[1]!.sync },
    ]);
  });
});
