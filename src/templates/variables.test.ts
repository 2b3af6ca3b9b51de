import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DomainError } from "../lib/errors.ts";
import { parseTemplate } from "./parse.ts";
import type { Template, TemplateVariable } from "./schema.ts";
import { fakeAllocator } from "./testing.ts";
import { resolveVariables } from "./variables.ts";

const fixture = parseTemplate(readFileSync(join(import.meta.dir, "fixtures/minimal.yaml"), "utf8"), "minimal.yaml");
const base = { GREETING: "Hello" };

async function rejection(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error("expected a DomainError");
}

/** A template with just one variable, to try one type at a time. */
function single(v: Partial<TemplateVariable> & Pick<TemplateVariable, "type">): Template {
  const variable = { name: "V", label: "V", hidden: false, required: true, ...v } as TemplateVariable;
  return { ...fixture, variables: [variable], compose: { services: { a: { image: "busybox:1", command: "${V}" } } } };
}

const resolveOne = (v: Parameters<typeof single>[0], value: unknown) =>
  resolveVariables(single(v), value === undefined ? {} : { V: value }, fakeAllocator(), "app");

describe("resolveVariables", () => {
  test("with only the required input: defaults, generated password, allocated port, APP_NAME", async () => {
    const hooks = fakeAllocator(31000);
    const { values, secrets } = await resolveVariables(fixture, base, hooks, "shop");
    expect(hooks.calls).toEqual([8080]);
    expect(values.PORT).toBe("31000");
    expect(values.URL).toBe("http://shop.local:31000");
    expect(values).toMatchObject({ APP_NAME: "shop", DOMAIN: "", EMAIL: "admin@example.com", MODE: "safe", DEBUG: "false", GREETING: "Hello" });
    expect(values.SECRET).toMatch(/^[A-Za-z0-9_-]{40}$/);
    expect(secrets).toEqual(["SECRET"]);
  });

  test("given values win and are normalised", async () => {
    const input = { ...base, PORT: "8081", DOMAIN: "Shop.Example.COM", DEBUG: true, MODE: "fast", SECRET: "mine-mine-mine" };
    const hooks = fakeAllocator();
    const { values } = await resolveVariables(fixture, input, hooks, "shop");
    expect(hooks.calls).toEqual([]);
    expect(values).toMatchObject({ PORT: "8081", URL: "http://shop.local:8081", DOMAIN: "shop.example.com", DEBUG: "true", MODE: "fast", SECRET: "mine-mine-mine" });
  });

  test("blank and null answers count as not given", async () => {
    const { values } = await resolveVariables(fixture, { ...base, PORT: "", SECRET: null, EMAIL: "" }, fakeAllocator(40000), "a");
    expect(values.PORT).toBe("40000");
    expect(values.SECRET).toHaveLength(40);
    expect(values.EMAIL).toBe("admin@example.com");
  });

  test("port: whole numbers 1-65535, as number or string", async () => {
    expect((await resolveOne({ type: "port" }, 443)).values.V).toBe("443");
    expect((await resolveOne({ type: "port" }, "65535")).values.V).toBe("65535");
    for (const bad of [0, 65536, 80.5, "80a", "-1", true]) {
      expect((await rejection(resolveOne({ type: "port" }, bad))).code).toBe("invalid_variables");
    }
  });

  test("domain: a valid host name", async () => {
    expect((await resolveOne({ type: "domain" }, "a-b.example.org")).values.V).toBe("a-b.example.org");
    for (const bad of ["-a.com", "a..com", "a_b.com", "https://a.com", "a.com/x", `${"a".repeat(64)}.com`]) {
      expect((await rejection(resolveOne({ type: "domain" }, bad))).code).toBe("invalid_variables");
    }
  });

  test("email", async () => {
    expect((await resolveOne({ type: "email" }, "ops+x@mail.example.com")).values.V).toBe("ops+x@mail.example.com");
    for (const bad of ["ops", "ops@", "@x.com", "a b@x.com", "ops@localhost"]) {
      expect((await rejection(resolveOne({ type: "email" }, bad))).code).toBe("invalid_variables");
    }
  });

  test("select: one of the options", async () => {
    expect((await resolveOne({ type: "select", options: ["a", "b"] }, "b")).values.V).toBe("b");
    expect((await rejection(resolveOne({ type: "select", options: ["a", "b"] }, "c"))).details).toEqual([
      { variable: "V", message: "V must be one of: a, b" },
    ]);
  });

  test("boolean: true/false as booleans or strings", async () => {
    expect((await resolveOne({ type: "boolean" }, false)).values.V).toBe("false");
    expect((await resolveOne({ type: "boolean" }, "TRUE")).values.V).toBe("true");
    for (const bad of ["yes", 1, "on"]) expect((await rejection(resolveOne({ type: "boolean" }, bad))).code).toBe("invalid_variables");
  });

  test("string: the pattern must match the whole value; no control characters", async () => {
    expect((await resolveOne({ type: "string", pattern: "[a-z]+" }, "abc")).values.V).toBe("abc");
    expect((await rejection(resolveOne({ type: "string", pattern: "[a-z]+" }, "abc1"))).code).toBe("invalid_variables");
    expect((await rejection(resolveOne({ type: "string" }, "two\nlines"))).code).toBe("invalid_variables");
    expect((await rejection(resolveOne({ type: "string" }, { an: "object" }))).code).toBe("invalid_variables");
    expect((await resolveOne({ type: "string" }, 42)).values.V).toBe("42");
  });

  test("password: generated with its length and charset, or given and checked", async () => {
    expect((await resolveOne({ type: "password" }, undefined)).values.V).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await resolveOne({ type: "password", length: 64, charset: "hex" }, undefined)).values.V).toMatch(/^[0-9a-f]{64}$/);
    expect((await resolveOne({ type: "password", charset: "alphanumeric" }, undefined)).values.V).toMatch(/^[A-Za-z0-9]{32}$/);
    expect((await resolveOne({ type: "password", pattern: "[a-z]{4,}" }, "abcd")).values.V).toBe("abcd");
    expect((await rejection(resolveOne({ type: "password", pattern: "[a-z]{4,}" }, "ab"))).code).toBe("invalid_variables");
  });

  test("required without default and not given", async () => {
    const err = await rejection(resolveOne({ type: "email" }, undefined));
    expect(err.details).toEqual([{ variable: "V", message: "V is required" }]);
    expect((await resolveOne({ type: "email", required: false }, undefined)).values.V).toBe("");
  });

  test("unknown input keys are refused by name, APP_NAME included", async () => {
    const err = await rejection(resolveVariables(fixture, { ...base, NOPE: 1, APP_NAME: "x" }, fakeAllocator(), "a"));
    expect(err.kind).toBe("invalid");
    expect(err.code).toBe("unknown_variable");
    expect((err.details as { variable: string }[]).map((d) => d.variable)).toEqual(["NOPE", "APP_NAME"]);
  });

  test("every problem is reported at once, and nothing is allocated meanwhile", async () => {
    const hooks = fakeAllocator();
    const input = { EXTRA: "x", DOMAIN: "not a domain", EMAIL: "nope", MODE: "turbo", DEBUG: "maybe" };
    const err = await rejection(resolveVariables(fixture, input, hooks, "a"));
    expect(err.code).toBe("unknown_variable");
    expect((err.details as { variable: string }[]).map((d) => d.variable).sort()).toEqual(
      ["DEBUG", "DOMAIN", "EMAIL", "EXTRA", "GREETING", "MODE"].sort(),
    );
    expect(hooks.calls).toEqual([]);
  });

  test("two port variables never get the same port", async () => {
    const t: Template = {
      ...fixture,
      variables: [
        { name: "A", label: "A", type: "port", hidden: false, required: true, default: "8080" },
        { name: "B", label: "B", type: "port", hidden: false, required: true, default: "8080" },
      ],
    };
    // An allocator that knows nothing of this deployment hands back the preferred port.
    const calls: (number | undefined)[] = [];
    const naive = { allocatePort: async (p?: number) => (calls.push(p), p ?? 9000) };
    const { values } = await resolveVariables(t, {}, naive, "a");
    expect(values).toMatchObject({ A: "8080", B: "9000" });
    expect(calls).toEqual([8080, 8080, undefined]);
    const err = await rejection(resolveVariables(t, { A: 7000, B: "7000" }, naive, "a"));
    expect(err.details).toEqual([{ variable: "B", message: "B uses the same port as A" }]);
  });

  test("a default built from other variables is checked once they are known", async () => {
    const t: Template = {
      ...fixture,
      variables: [
        { name: "HOST", label: "Host", type: "string", hidden: false, required: false },
        { name: "MAIL", label: "Mail", type: "email", hidden: false, required: false, default: "admin@${HOST}" },
      ],
    };
    expect((await resolveVariables(t, { HOST: "example.com" }, fakeAllocator(), "a")).values.MAIL).toBe("admin@example.com");
    const err = await rejection(resolveVariables(t, {}, fakeAllocator(), "a"));
    expect(err.details).toEqual([{ variable: "MAIL", message: expect.stringContaining("the default of Mail") }]);
  });
});
