// The projects facade as the panel wires it (real database, apps and servers domains): environments
// edited in the panel, serverkit.yaml uploaded or read from an app's folder, the file winning
// over panel edits, and what the sync scheduler is told.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { schema } from "../db/index.ts";
import { createTestApp, insertApp } from "../http/testing.ts";
import { DomainError } from "../lib/errors.ts";
import type { Projects, SyncRules } from "./index.ts";

let t: Awaited<ReturnType<typeof createTestApp>>;
let projects: Projects;
let port = 41_000;
const app = (name: string) => insertApp(t, name, port++);

beforeAll(async () => {
  t = await createTestApp();
  projects = t.services.projects;
});
afterAll(async () => {
  await t?.close();
});

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

const rules = (over: Partial<SyncRules> = {}): SyncRules => ({
  source: "prod",
  schedule: null,
  searchReplace: [],
  anonymizeUsers: false,
  keepUsers: [],
  truncateTables: [],
  excludeTables: [],
  ...over,
});

describe("environments edited in the panel", () => {
  test("add, read, rename (sync sources follow), schedule, remove", async () => {
    const changes: number[] = [];
    const stop = projects.onChange(() => changes.push(Date.now()));
    const p = await projects.create({ name: "shop", description: "the shop" });
    const prodApp = await app("shop-prod");
    const devApp = await app("shop-dev");
    const prod = await projects.addEnvironment(p.id, { name: "prod", appId: prodApp, domain: "www.shop.com" });
    const dev = await projects.addEnvironment(p.id, { name: "dev", appId: devApp, domain: "dev.shop.com", sync: rules({ schedule: "0 3 * * 0", searchReplace: [["https://www.shop.com", "https://dev.shop.com"]] }) });
    expect(dev).toMatchObject({ name: "dev", position: 1, app: { id: devApp, name: "shop-dev", serverId: "local", serverName: "This server" }, sync: { source: "prod", schedule: "0 3 * * 0" } });
    // A bare app row (no compose services, no linked database): no database, and the reason why.
    expect(dev.database).toBeNull();
    expect(dev.databaseError?.length).toBeGreaterThan(0);

    expect((await projects.environmentByName(p.id, "dev")).id).toBe(dev.id);
    expect((await projects.get(p.id)).environments.map((e) => e.name)).toEqual(["prod", "dev"]);
    expect(await projects.scheduled()).toContainEqual({ environmentId: dev.id, projectId: p.id, schedule: "0 3 * * 0" });

    await projects.updateEnvironment(prod.id, { name: "live" });
    expect((await projects.environment(dev.id)).sync?.source).toBe("live");
    expect((await refusal(projects.removeEnvironment(prod.id))).code).toBe("environment_in_use");

    await projects.updateEnvironment(dev.id, { sync: null });
    expect((await projects.scheduled()).some((s) => s.environmentId === dev.id)).toBe(false);
    await projects.removeEnvironment(prod.id);
    expect((await projects.get(p.id)).environments.map((e) => e.name)).toEqual(["dev"]);
    stop();
    expect(changes.length).toBeGreaterThanOrEqual(6);
  });

  test("bad rules, a taken app and a missing app are refused with their codes", async () => {
    const p = await projects.create({ name: "blog" });
    const a = await app("blog-prod");
    const b = await app("blog-dev");
    await projects.addEnvironment(p.id, { name: "prod", appId: a });
    const cases: [Partial<SyncRules>, string][] = [
      [{ source: "staging" }, "sync_source_invalid"],
      [{ source: "dev" }, "sync_source_invalid"],
      [{ schedule: "every night" }, "schedule_invalid"],
      [{ searchReplace: [["www", "dev"]] }, "search_replace_invalid"],
      [{ truncateTables: ["wp_log; drop"] }, "table_pattern_invalid"],
    ];
    for (const [over, code] of cases) {
      const err = await refusal(projects.addEnvironment(p.id, { name: "dev", appId: b, sync: rules(over) }));
      expect(err.code).toBe(code);
    }
    expect((await projects.get(p.id)).environments).toHaveLength(1);

    const other = await projects.create({ name: "blog-copy" });
    const taken = await refusal(projects.addEnvironment(other.id, { name: "prod", appId: a }));
    expect([taken.kind, taken.code]).toEqual(["conflict", "app_in_other_project"]);
    expect(taken.message).toContain('"blog"');
    expect((await refusal(projects.addEnvironment(other.id, { name: "prod", appId: 999_999 }))).code).toBe("app_not_found");
    expect((await refusal(projects.create({ name: "blog" }))).code).toBe("project_name_taken");
  });

  test("an environment whose app was removed shows app: null and does not block anything", async () => {
    const p = await projects.create({ name: "gone" });
    const a = await app("gone-prod");
    const env = await projects.addEnvironment(p.id, { name: "prod", appId: a });
    // What removing an app does in the end: its record goes.
    await t.db.db.delete(schema.appPorts).where(eq(schema.appPorts.appId, a));
    await t.db.db.delete(schema.apps).where(eq(schema.apps.id, a));
    const after = await projects.environment(env.id);
    expect(after.app).toBeNull();
    expect(after.appId).toBe(a);
    expect((await projects.get(p.id)).environments[0]!.app).toBeNull();
    await projects.removeEnvironment(env.id);
  });
});

describe("serverkit.yaml", () => {
  const file = (prodApp: string, devApp: string, extra = "") => `environments:
  prod:
    server: This server
    app: ${prodApp}
    domain: www.news.com
  dev:
    app: ${devApp}
    domain: dev.news.com
    db_sync:
      source: prod
      schedule: "15 4 * * *"
      search_replace:
        - ["https://www.news.com", "https://dev.news.com"]
${extra}`;

  test("an uploaded file applies and wins: panel edits get 409 until detached", async () => {
    const p = await projects.create({ name: "news" });
    await app("news-prod");
    await app("news-dev");
    const applied = await projects.uploadConfig(p.id, file("news-prod", "news-dev"));
    expect(applied.configSource).toBe("upload");
    expect(applied.environments.map((e) => [e.name, e.app?.name, e.domain, e.sync?.schedule ?? null])).toEqual([
      ["prod", "news-prod", "www.news.com", null],
      ["dev", "news-dev", "dev.news.com", "15 4 * * *"],
    ]);
    const dev = applied.environments[1]!;
    const edit = await refusal(projects.updateEnvironment(dev.id, { domain: "x.news.com" }));
    expect([edit.kind, edit.code]).toEqual(["conflict", "config_from_file"]);
    expect((await refusal(projects.addEnvironment(p.id, { name: "qa", appId: await app("news-qa") }))).code).toBe("config_from_file");
    expect((await refusal(projects.removeEnvironment(dev.id))).code).toBe("config_from_file");

    // A new upload keeps environment ids (matched by name) and drops what the file no longer names.
    const again = await projects.uploadConfig(p.id, file("news-prod", "news-qa").replace("15 4", "45 5"));
    expect(again.environments.find((e) => e.name === "dev")).toMatchObject({ id: dev.id, app: { name: "news-qa" }, sync: { schedule: "45 5 * * *" } });

    const ui = await projects.detachConfig(p.id);
    expect([ui.configSource, ui.configYaml]).toEqual(["ui", null]);
    expect(ui.environments).toHaveLength(2);
    expect((await projects.updateEnvironment(dev.id, { domain: "x.news.com" })).domain).toBe("x.news.com");
  });

  test("names that do not resolve are refused at their line; nothing is applied", async () => {
    const p = await projects.create({ name: "radio" });
    await app("radio-prod");
    const missing = await refusal(projects.uploadConfig(p.id, file("radio-prod", "radio-dev")));
    expect(missing.code).toBe("config_invalid");
    expect(missing.details).toMatchObject({ line: 7, key: "environments.dev.app" });
    expect(missing.message).toContain('no app named "radio-dev"');
    const server = await refusal(projects.uploadConfig(p.id, file("radio-prod", "radio-prod").replace("This server", "mars")));
    expect(server.details).toMatchObject({ line: 3, key: "environments.prod.server" });
    const twice = await refusal(projects.uploadConfig(p.id, file("radio-prod", "radio-prod")));
    expect(twice.details).toMatchObject({ key: "environments.dev.app" });
    const tv = await projects.create({ name: "tv" });
    await projects.addEnvironment(tv.id, { name: "prod", appId: await app("tv-prod") });
    const taken = await refusal(projects.uploadConfig(p.id, file("radio-prod", "tv-prod")));
    expect(taken.details).toMatchObject({ line: 7, key: "environments.dev.app" });
    expect(taken.message).toContain('already environment "prod" of project "tv"');
    const after = await projects.get(p.id);
    expect([after.configSource, after.environments.length]).toEqual(["ui", 0]);
  });

  test("the app folder's file is read, re-read on refresh, and its absence is reported", async () => {
    const p = await projects.create({ name: "docs" });
    const prodApp = await app("docs-prod");
    await app("docs-dev");
    const missing = await refusal(projects.useAppConfig(p.id, prodApp));
    expect(missing.code).toBe("config_file_missing");

    const dir = join(t.services.config.appsDir, "docs-prod");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "serverkit.yaml"), file("docs-prod", "docs-dev"));
    const applied = await projects.useAppConfig(p.id, prodApp);
    expect([applied.configSource, applied.configAppId]).toEqual(["app-file", prodApp]);
    const dev = applied.environments.find((e) => e.name === "dev")!;
    expect(dev.sync?.schedule).toBe("15 4 * * *");
    expect((await refusal(projects.updateEnvironment(dev.id, { position: 5 }))).code).toBe("config_from_file");

    // Edited in the repository: the next refresh (before a sync) picks it up.
    let changed = 0;
    const stop = projects.onChange(() => changed++);
    writeFileSync(join(dir, "serverkit.yaml"), file("docs-prod", "docs-dev").replace("15 4 * * *", "0 1 * * 6"));
    await projects.refreshFromFile(p.id);
    expect((await projects.environment(dev.id)).sync?.schedule).toBe("0 1 * * 6");
    expect(changed).toBe(1);
    // Unchanged file: nothing to tell the scheduler.
    await projects.refreshFromFile(p.id);
    expect(changed).toBe(1);
    stop();

    // A broken file stops the sync with the reason; a removed one leaves the last settings.
    writeFileSync(join(dir, "serverkit.yaml"), file("docs-prod", "docs-dev").replace("15 4 * * *", "not cron"));
    const broken = await refusal(projects.refreshFromFile(p.id));
    expect(broken.details).toMatchObject({ key: "environments.dev.db_sync.schedule", line: 11 });
    rmSync(join(dir, "serverkit.yaml"));
    await projects.refreshFromFile(p.id);
    expect((await projects.environment(dev.id)).sync?.schedule).toBe("0 1 * * 6");
  });

  test("export writes the panel's settings as a file that applies back unchanged", async () => {
    const p = await projects.create({ name: "wiki" });
    const a = await app("wiki-prod");
    const b = await app("wiki-dev");
    await projects.addEnvironment(p.id, { name: "prod", appId: a, domain: "www.wiki.org" });
    const sync = rules({ schedule: "0 2 * * *", searchReplace: [["https://www.wiki.org", "https://dev.wiki.org"]], anonymizeUsers: true, keepUsers: ["admin"], excludeTables: ["wiki_log*"] });
    await projects.addEnvironment(p.id, { name: "dev", appId: b, domain: "dev.wiki.org", sync });
    const before = await projects.get(p.id);
    const text = await projects.exportConfig(p.id);
    expect(text).toContain("app: wiki-dev");
    const after = await projects.uploadConfig(p.id, text);
    const shape = (x: typeof before) => x.environments.map((e) => ({ id: e.id, name: e.name, appId: e.appId, domain: e.domain, position: e.position, sync: e.sync }));
    expect(shape(after)).toEqual(shape(before));
    expect(after.configYaml).toBe(text);
  });
});
