import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DomainError } from "../lib/errors.ts";
import type { Logger } from "../lib/log.ts";
import { embeddedTemplates } from "./embedded.ts";
import { createTemplateLibrary } from "./library.ts";

const templatesDir = join(import.meta.dir, "../../templates");
const overrides = join(import.meta.dir, "fixtures/overrides");

/** Collects warnings instead of printing them. */
function quietLog(): Logger & { warnings: Record<string, unknown>[] } {
  const warnings: Record<string, unknown>[] = [];
  const self = {
    warnings,
    debug() {},
    info() {},
    warn: (msg: string, fields?: Record<string, unknown>) => void warnings.push({ msg, ...fields }),
    error() {},
    child: () => self,
  };
  return self;
}

describe("embedded templates", () => {
  test("every templates/*.yaml is listed in embedded.ts, and nothing else", () => {
    const onDisk = readdirSync(templatesDir).filter((f) => f.endsWith(".yaml")).sort();
    expect(embeddedTemplates.map((e) => e.file).sort()).toEqual(onDisk);
    expect(readdirSync(templatesDir).filter((f) => f.endsWith(".yml"))).toEqual([]);
  });

  test("the library loads all of them without errors, each id named after its file", () => {
    const lib = createTemplateLibrary({ log: quietLog() });
    expect(lib.errors()).toEqual([]);
    expect(lib.list().length).toBe(embeddedTemplates.length);
    for (const { file } of embeddedTemplates) expect(lib.get(file.replace(/\.yaml$/, "")).id).toBe(file.replace(/\.yaml$/, ""));
  });
});

describe("createTemplateLibrary", () => {
  test("list() gives summaries, sorted by name, marked embedded", () => {
    const list = createTemplateLibrary({ log: quietLog() }).list();
    const wp = list.find((s) => s.id === "wordpress")!;
    expect(Object.keys(wp).sort()).toEqual(["categories", "description", "documentation", "icon", "id", "name", "source", "version"]);
    expect(wp.source).toBe("embedded");
    const names = list.map((s) => s.name.toLowerCase());
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en")));
  });

  test("get() of an unknown id is not_found template_not_found", () => {
    const lib = createTemplateLibrary({ log: quietLog() });
    try {
      lib.get("no-such-template");
      throw new Error("expected an error");
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).kind).toBe("not_found");
      expect((err as DomainError).code).toBe("template_not_found");
    }
  });

  test("get() returns a copy the caller cannot use to change the library", () => {
    const lib = createTemplateLibrary({ log: quietLog() });
    lib.get("redis").compose.services.redis!.image = "evil:1";
    expect(lib.get("redis").compose.services.redis!.image).toBe("redis:7-alpine");
  });

  test("an override replaces the embedded template of the same id and adds new ones", () => {
    const lib = createTemplateLibrary({ overrideDir: overrides, log: quietLog() });
    const redis = lib.list().find((s) => s.id === "redis")!;
    expect(redis).toMatchObject({ name: "Redis (house build)", version: "2.0.0", source: "override" });
    expect(lib.get("redis").variables.map((v) => v.name)).toEqual(["PORT"]);
    expect(lib.list().find((s) => s.id === "house-app")?.source).toBe("override");
    expect(lib.list().length).toBe(embeddedTemplates.length + 1);
  });

  test("broken override files are skipped and reported with file name and message, never fatal", () => {
    const log = quietLog();
    const lib = createTemplateLibrary({ overrideDir: overrides, log });
    const errors = lib.errors();
    expect(errors.map((e) => e.file).sort()).toEqual(["broken.yaml", "garbled.yml"]);
    const broken = errors.find((e) => e.file === "broken.yaml")!;
    expect(broken.source).toBe("override");
    expect(broken.message).toContain('Unrecognized key: "colour"');
    expect(errors.find((e) => e.file === "garbled.yml")!.message).toContain("not valid YAML");
    expect(() => lib.get("broken")).toThrow(DomainError);
    expect(log.warnings.map((w) => w.file).sort()).toEqual(["broken.yaml", "garbled.yml"]);
  });

  test("a missing override folder is fine; an unreadable one is reported", () => {
    expect(createTemplateLibrary({ overrideDir: "/nonexistent/serverkit/templates", log: quietLog() }).errors()).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), "sk-tpl-"));
    try {
      const file = join(dir, "not-a-folder");
      writeFileSync(file, "");
      const errors = createTemplateLibrary({ overrideDir: file, log: quietLog() }).errors();
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toStartWith("cannot read the folder");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("two override files with one id: the first (by name) wins, the second is reported", () => {
    const dir = mkdtempSync(join(tmpdir(), "sk-tpl-"));
    try {
      const text = readFileSync(join(overrides, "extra.yaml"), "utf8");
      writeFileSync(join(dir, "a.yaml"), text);
      writeFileSync(join(dir, "b.yaml"), text.replace("House app", "House app again"));
      const lib = createTemplateLibrary({ overrideDir: dir, embedded: [], log: quietLog() });
      expect(lib.list().map((s) => s.name)).toEqual(["House app"]);
      const message = expect.stringContaining('id "house-app" is already used by a.yaml');
      expect(lib.errors()).toEqual([{ source: "override", file: "b.yaml", message }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
