import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { parseTemplate } from "./parse.ts";
import { composeToYaml, renderCompose } from "./render.ts";
import { composeConfig, fakeAllocator } from "./testing.ts";
import { resolveVariables } from "./variables.ts";

const fixture = parseTemplate(readFileSync(join(import.meta.dir, "fixtures/minimal.yaml"), "utf8"), "minimal.yaml");

test("renderCompose substitutes, then escapes every literal $ for the Compose CLI", async () => {
  const { values } = await resolveVariables(fixture, { GREETING: "Hi", SECRET: "pa$word-$HOME" }, fakeAllocator(30000), "shop");
  const compose = renderCompose(fixture, values);
  type Web = { environment: Record<string, string>; ports: string[]; command: string[] };
  const service = (c: typeof compose, name: string) => c.services[name] as unknown as Web;
  const web = service(compose, "web");
  expect(web.ports).toEqual(["30000:80"]);
  expect(web.environment.SECRET).toBe("pa$$word-$$HOME");
  expect(web.environment.PRICE).toBe("costs $$5");
  expect(service(compose, "worker").command).toEqual(["sh", "-c", "echo $$HOSTNAME shop"]);
  // The template itself is untouched.
  expect(service(fixture.compose, "web").ports).toEqual(["${PORT}:80"]);
  expect(await composeConfig(composeToYaml(compose))).toEqual({ ok: true, stderr: "" });
});

test("composeToYaml quotes what YAML 1.1 readers would take for booleans, numbers or times", () => {
  const env = { A: "yes", B: "no", C: "on", D: "off", E: "0123", F: "12:30", G: "true", H: "~", I: "1e3" };
  const text = composeToYaml({ services: { a: { image: "busybox:1", environment: env } } });
  for (const [key, value] of Object.entries(env)) expect(text).toContain(`${key}: "${value}"`);
  expect(parse(text, { version: "1.1" }).services.a.environment).toEqual(env);
});
