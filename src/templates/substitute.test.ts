import { describe, expect, test } from "bun:test";
import { parse } from "yaml";
import { DomainError } from "../lib/errors.ts";
import { composeToYaml } from "./render.ts";
import { escapeForCompose, findReferences, substitute, tokenize } from "./substitute.ts";
import { composeConfig } from "./testing.ts";

const thrown = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error("expected a DomainError");
};

describe("substitute", () => {
  const hostile = 'line one\nkey: value\n  - "quoted" \'single\' # not a comment\n---\n{ flow: [1] }';

  test("a value with newlines, ': ' and quotes stays one string leaf", () => {
    const compose = { services: { web: { image: "x", environment: { A: "${V}", B: "pre-${V}-post" } } } };
    const out = substitute(compose, { V: hostile });
    expect(out.services.web.environment).toEqual({ A: hostile, B: `pre-${hostile}-post` });
    // Round trip through the YAML we write: still the same structure, same leaves.
    const reread = parse(composeToYaml(out as never));
    expect(Object.keys(reread.services.web.environment)).toEqual(["A", "B"]);
    expect(reread.services.web.environment.A).toBe(hostile);
    expect(Object.keys(reread.services)).toEqual(["web"]);
  });

  test("walks arrays and nested maps, leaves non-strings and keys alone", () => {
    const compose = { a: ["${X}", 1, true, null, { b: ["${X}${X}"] }], "$literal-key": "k" };
    expect(substitute(compose, { X: "v" })).toEqual({ a: ["v", 1, true, null, { b: ["vv"] }], "$literal-key": "k" });
  });

  test("a __proto__ key stays a plain key", () => {
    const out = substitute(parse("a:\n  __proto__:\n    polluted: ${X}\n"), { X: "1" }) as { a: Record<string, unknown> };
    expect(Object.keys(out.a)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(out.a)).toBe(Object.prototype);
    expect(out.a.polluted).toBeUndefined();
  });

  test("does not change its input", () => {
    const compose = { a: ["${X}"] };
    substitute(compose, { X: "v" });
    expect(compose).toEqual({ a: ["${X}"] });
  });

  test("$$ survives as a literal $", () => {
    expect(substitute({ a: "cost $$5, ${X}$$" }, { X: "x" })).toEqual({ a: "cost $5, x$" });
  });

  test("an inserted value is not substituted again", () => {
    expect(substitute({ a: "${X}" }, { X: "${Y} $$" })).toEqual({ a: "${Y} $$" });
  });

  test("an unknown variable is an invalid error naming it and where", () => {
    const err = thrown(() => substitute({ services: { web: { image: "${NOPE}" } } }, {}, "compose"));
    expect(err.kind).toBe("invalid");
    expect(err.code).toBe("unknown_template_variable");
    expect(err.message).toContain("NOPE");
    expect(err.details).toEqual({ variable: "NOPE", path: "compose.services.web.image" });
  });

  test.each(["$X", "${x}", "${X:-default}", "${X", "cost $5", "trailing $", "${}"])("refuses %p", (s) => {
    expect(thrown(() => tokenize(s, "here")).code).toBe("template_syntax");
  });

  test("a reference in a map key is refused", () => {
    expect(thrown(() => findReferences({ environment: { "${X}": "v" } })).code).toBe("template_syntax");
  });

  test("findReferences lists names with their paths", () => {
    const refs = findReferences({ s: { ports: ["${P}:80"], env: { A: "${U}", B: "${P}" } } }, "compose");
    expect([...refs.keys()].sort()).toEqual(["P", "U"]);
    expect(refs.get("P")).toEqual(["compose.s.ports[0]", "compose.s.env.B"]);
  });

  test("escapeForCompose doubles every $", () => {
    expect(escapeForCompose({ a: ["p$ss", "$$"], b: 1 })).toEqual({ a: ["p$$ss", "$$$$"], b: 1 });
  });

  test("the Compose CLI reads an escaped $ back as a literal, without interpolating", async () => {
    const compose = substitute({ services: { web: { image: "busybox:1", environment: { P: "${P}" } } } }, { P: "a$HOME$$b" });
    const verdict = await composeConfig(composeToYaml(escapeForCompose(compose)));
    expect(verdict).toEqual({ ok: true, stderr: "" });
  });
});
