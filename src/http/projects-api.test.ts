// Projects, environments and serverkit.yaml through the API: who may do what, the error shapes a
// client sees, the exported file, and the audit trail of every change.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, insertApp, type TestClient } from "./testing.ts";

let t: Awaited<ReturnType<typeof createTestApp>>;
let owner: TestClient;
let operator: TestClient;
let viewer: TestClient;
let prodApp: number;
let devApp: number;

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.owner();
  operator = await t.userWithRole(owner, "operator");
  viewer = await t.userWithRole(owner, "viewer");
  prodApp = await insertApp(t, "site-prod", 42_001);
  devApp = await insertApp(t, "site-dev", 42_002);
});
afterAll(async () => {
  await t?.close();
});

const YAML = `environments:
  prod:
    app: site-prod
    domain: www.site.com
  dev:
    app: site-dev
    domain: dev.site.com
    db_sync:
      source: prod
      schedule: "0 3 * * 0"
      search_replace:
        - ["https://www.site.com", "https://dev.site.com"]
      anonymize_users: true
`;

describe("projects API", () => {
  let projectId: number;
  let devId: number;

  test("operators create and edit, viewers read and are refused writes", async () => {
    expect((await viewer.request("POST", "/projects", { name: "site" })).status).toBe(403);
    const created = await operator.request("POST", "/projects", { name: "site", description: "Our site" });
    expect(created.status).toBe(201);
    projectId = created.body.project.id;
    expect(created.body.project).toMatchObject({ name: "site", description: "Our site", configSource: "ui", configYaml: null, environments: [] });
    expect((await operator.request("POST", "/projects", { name: "site" })).body.error.code).toBe("project_name_taken");

    const prod = await operator.request("POST", `/projects/${projectId}/environments`, { name: "prod", appId: prodApp, domain: "WWW.Site.com" });
    expect(prod.status).toBe(201);
    expect(prod.body.environment).toMatchObject({ name: "prod", domain: "www.site.com", app: { name: "site-prod", serverName: "This server" }, sync: null });
    const dev = await operator.request("POST", `/projects/${projectId}/environments`, {
      name: "dev",
      appId: devApp,
      sync: { source: "prod", schedule: "0 3 * * 0", searchReplace: [["https://www.site.com", "https://dev.site.com"]] },
    });
    expect(dev.status).toBe(201);
    devId = dev.body.environment.id;
    expect(dev.body.environment.sync).toEqual({
      source: "prod",
      schedule: "0 3 * * 0",
      searchReplace: [["https://www.site.com", "https://dev.site.com"]],
      anonymizeUsers: false,
      keepUsers: [],
      truncateTables: [],
      excludeTables: [],
    });

    const list = await viewer.request("GET", "/projects");
    expect(list.status).toBe(200);
    expect(list.body.items.find((p: { id: number }) => p.id === projectId).environments.map((e: { name: string }) => e.name)).toEqual(["prod", "dev"]);
    expect((await viewer.request("GET", `/projects/${projectId}`)).body.project.name).toBe("site");
    expect((await viewer.request("PATCH", `/environments/${devId}`, { domain: "dev.site.com" })).status).toBe(403);
    expect((await viewer.request("DELETE", `/projects/${projectId}`)).status).toBe(403);
    expect((await viewer.request("PUT", `/projects/${projectId}/config`, { yaml: YAML })).status).toBe(403);

    const patched = await operator.request("PATCH", `/environments/${devId}`, { domain: "dev.site.com" });
    expect(patched.body.environment.domain).toBe("dev.site.com");
    expect((await operator.request("PATCH", `/projects/${projectId}`, { description: "Main site" })).body.project.description).toBe("Main site");
  });

  test.each([
    [{ sync: { source: "prod", schedule: "whenever" } }, "schedule_invalid"],
    [{ sync: { source: "prod", searchReplace: [["abc", "xyz"]] } }, "search_replace_invalid"],
    [{ sync: { source: "nowhere" } }, "sync_source_invalid"],
    [{ sync: { source: "prod", excludeTables: ["wp-*"] } }, "table_pattern_invalid"],
    [{ domain: "https://dev.site.com" }, "validation_failed"],
  ])("bad environment edit refused: %j", async (body, code) => {
    const r = await operator.request("PATCH", `/environments/${devId}`, body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe(code);
  });

  test("an app already in a project is refused with 409", async () => {
    const other = (await operator.request("POST", "/projects", { name: "other" })).body.project.id;
    const r = await operator.request("POST", `/projects/${other}/environments`, { name: "prod", appId: prodApp });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("app_in_other_project");
    expect((await operator.request("DELETE", `/projects/${other}`)).status).toBe(200);
  });

  test("config.yaml exports the settings; an invalid upload names line and key; a valid one wins", async () => {
    const exported = await viewer.request("GET", `/projects/${projectId}/config.yaml`);
    expect(exported.status).toBe(200);
    expect(exported.res.headers.get("content-type")).toContain("text/yaml");
    expect(exported.body).toContain("app: site-dev");
    expect(exported.body).toContain("- [ https://www.site.com, https://dev.site.com ]");
    expect(exported.body).toContain('schedule: "0 3 * * 0"');

    const bad = await operator.request("PUT", `/projects/${projectId}/config`, { yaml: YAML.replace('"0 3 * * 0"', '"0 3 * *"') });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("config_invalid");
    expect(bad.body.error.details).toMatchObject({ line: 10, column: 7, key: "environments.dev.db_sync.schedule" });
    expect(bad.body.error.details.problem).toContain("0 3 * *");

    const up = await operator.request("PUT", `/projects/${projectId}/config`, { yaml: YAML });
    expect(up.status).toBe(200);
    expect(up.body.project).toMatchObject({ configSource: "upload", configYaml: YAML });
    expect(up.body.project.environments.find((e: { name: string }) => e.name === "dev")).toMatchObject({ id: devId, sync: { anonymizeUsers: true } });

    const refused = await operator.request("PATCH", `/environments/${devId}`, { domain: "qa.site.com" });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("config_from_file");
    expect(refused.body.error.message).toContain("serverkit.yaml wins");

    const missing = await operator.request("POST", `/projects/${projectId}/config/app`, { appId: prodApp });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe("config_file_missing");

    const back = await operator.request("DELETE", `/projects/${projectId}/config`);
    expect(back.body.project).toMatchObject({ configSource: "ui", configYaml: null });
    expect(back.body.project.environments).toHaveLength(2);
    expect((await operator.request("PATCH", `/environments/${devId}`, { position: 0 })).status).toBe(200);
  });

  test("every change is in the audit log with its target", async () => {
    const audit = async (action: string) => (await owner.request("GET", `/audit?action=${action}&limit=50`)).body.items as { actor: string; target: string; result: string }[];
    expect((await audit("projects.create"))).toContainEqual(expect.objectContaining({ actor: "operator1", target: `project:${projectId}`, result: "success" }));
    expect((await audit("environments.update"))).toContainEqual(expect.objectContaining({ actor: "operator1", target: `environment:${devId}`, result: "success" }));
    expect((await audit("environments.update")).some((e) => e.actor === "viewer1" && e.result === "failure")).toBe(true);
    expect((await audit("projects.config.upload")).map((e) => e.result).sort()).toEqual(["failure", "failure", "success"]);
    expect((await audit("projects.config.detach"))[0]).toMatchObject({ target: `project:${projectId}`, result: "success" });
    expect((await audit("environments.create")).length).toBeGreaterThanOrEqual(2);
  });

  test("deleting a project keeps its apps", async () => {
    expect((await operator.request("DELETE", `/projects/${projectId}`)).status).toBe(200);
    expect((await viewer.request("GET", `/projects/${projectId}`)).status).toBe(404);
    expect((await viewer.request("GET", `/apps/${devApp}`)).status).toBe(200);
  });
});
