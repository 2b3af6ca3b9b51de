import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { DomainError } from "../lib/errors.ts";
import { parseTemplate } from "./parse.ts";

const fixtureText = readFileSync(join(import.meta.dir, "fixtures/minimal.yaml"), "utf8");
const fixture = parse(fixtureText) as Record<string, any>;

/** The fixture with `change` applied to a deep copy, as YAML text. */
const variant = (change: (t: Record<string, any>) => void) => {
  const t = structuredClone(fixture);
  change(t);
  return stringify(t);
};

function problems(text: string): string[] {
  try {
    parseTemplate(text, "t.yaml");
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    expect(err.code).toBe("template_invalid");
    expect(err.message.startsWith("t.yaml: ")).toBe(true);
    return (err.details as { problems: string[] }).problems;
  }
  throw new Error("expected the template to be refused");
}

describe("parseTemplate", () => {
  test("the fixture loads, with defaults filled in", () => {
    const t = parseTemplate(fixtureText, "minimal.yaml");
    expect(t.id).toBe("fixture-app");
    const byName = Object.fromEntries(t.variables.map((v) => [v.name, v]));
    expect(byName.PORT).toMatchObject({ default: "8080", required: false, hidden: false });
    expect(byName.GREETING).toMatchObject({ required: true });
    expect(byName.DOMAIN).toMatchObject({ required: false });
    expect(byName.DEBUG).toMatchObject({ default: "false" });
  });

  test("unknown keys are refused with their path", () => {
    expect(problems(variant((t) => (t.colour = "red")))).toEqual(['Unrecognized key: "colour"']);
    expect(problems(variant((t) => (t.variables[2].secret = true)))).toEqual(['variables[2]: Unrecognized key: "secret"']);
    expect(problems(variant((t) => (t.compose.version = "3.8")))).toEqual([
      "compose.version: unknown compose key (allowed: services, volumes, networks, x-*)",
    ]);
  });

  test.each([
    ["id", (t: any) => (t.id = "Bad_Id"), "id: "],
    ["version", (t: any) => (t.version = "1.0"), "version: must be a semantic version"],
    ["icon", (t: any) => (t.icon = "https://evil.example/icon.png"), "icon: must be an emoji or a short slug"],
    ["documentation", (t: any) => (t.documentation = "javascript:alert(1)"), "documentation: "],
    ["variable name", (t: any) => (t.variables[0].name = "port"), "variables[0].name: must be upper case"],
    ["type", (t: any) => (t.variables[0].type = "number"), "variables[0].type: "],
    ["reserved", (t: any) => (t.variables[0].name = "APP_NAME"), "variables[0].name: APP_NAME is reserved"],
    ["duplicate", (t: any) => (t.variables[1].name = "PORT"), "variables[1].name: PORT is declared twice"],
    ["select without options", (t: any) => delete t.variables[4].options, "variables[4].options: a select variable needs options"],
    ["options elsewhere", (t: any) => (t.variables[0].options = ["1"]), "variables[0].options: only select variables"],
    ["length elsewhere", (t: any) => (t.variables[0].length = 20), "variables[0].length: only password variables"],
    ["password default", (t: any) => (t.variables[6].default = "hunter2"), "variables[6].default: password variables are generated"],
    ["bad default", (t: any) => (t.variables[3].default = "nope"), "variables[3].default: the default must be an e-mail"],
    ["default outside options", (t: any) => (t.variables[4].default = "turbo"), "variables[4].default: the default must be one of"],
    ["bad regex", (t: any) => (t.variables[7].pattern = "(["), "variables[7].pattern: is not a valid regular expression"],
    ["hidden and required", (t: any) => (t.variables[7].hidden = true), "variables[7].hidden: a hidden variable needs a default"],
    ["no image", (t: any) => delete t.compose.services.web.image, "compose.services.web.image: "],
    ["no services", (t: any) => (t.compose.services = {}), "compose.services: at least one service"],
  ])("refuses a bad %s", (_what, change, expected) => {
    const found = problems(variant(change));
    expect(found.some((p) => p.startsWith(expected))).toBe(true);
  });

  test("every reference must be declared", () => {
    const found = problems(variant((t) => (t.compose.services.web.environment.X = "${MISSING}")));
    expect(found).toEqual(["${MISSING} is used at compose.services.web.environment.X but not declared in variables"]);
  });

  test("every declared variable must be used", () => {
    const found = problems(variant((t) => t.variables.push({ name: "SPARE", label: "Spare", type: "string", default: "x" })));
    expect(found).toEqual(["variable SPARE is declared but never used"]);
  });

  test("a variable used only in another's default counts as used", () => {
    const text = variant((t) => {
      t.variables.splice(7, 0, { name: "HOST", label: "Host", type: "string", default: "example.com" });
      t.variables[3].default = "admin@${HOST}";
    });
    expect(problems(text).some((p) => p.includes("HOST"))).toBe(true); // declared after EMAIL: refused
    const ordered = variant((t) => {
      t.variables.unshift({ name: "HOST", label: "Host", type: "string", default: "example.com" });
      t.variables[4].default = "admin@${HOST}";
    });
    expect(parseTemplate(ordered, "t.yaml").variables[0]!.name).toBe("HOST");
  });

  test("bad substitution syntax is reported with its path", () => {
    const found = problems(variant((t) => (t.compose.services.web.environment.X = "$HOME")));
    expect(found[0]).toStartWith("compose.services.web.environment.X: ");
  });

  test("YAML errors, non-mappings and duplicate keys are reported, not thrown raw", () => {
    expect(problems("id: [unclosed")[0]).toStartWith("not valid YAML: ");
    expect(problems("- a\n- b\n")).toEqual(["a template must be a YAML mapping"]);
    expect(problems(`${fixtureText}\nid: again\n`)[0]).toStartWith("not valid YAML: ");
  });

  test("anchors and merge keys work as in Compose files", () => {
    const text = fixtureText
      .replace("compose:\n", "compose:\n  x-restart: &restart\n    restart: unless-stopped\n")
      .replace(
        "    worker:\n      image: busybox:1\n      restart: unless-stopped\n",
        "    worker:\n      <<: *restart\n      image: busybox:1\n",
      );
    const t = parseTemplate(text, "t.yaml");
    expect((t.compose.services.worker as Record<string, unknown>).restart).toBe("unless-stopped");
  });
});
