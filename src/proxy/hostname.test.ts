// Hostile and odd hostnames: refused before they can reach a config file; IDN becomes punycode.
import { describe, expect, test } from "bun:test";
import { normalizeAlias, normalizeHostname, wwwCounterpart } from "./hostname.ts";

describe("normalizeHostname", () => {
  const ok: [string, string][] = [
    ["blog.example.com", "blog.example.com"],
    ["Blog.Example.COM", "blog.example.com"],
    ["blog.example.com.", "blog.example.com"],
    ["Bücher.example", "xn--bcher-kva.example"],
    ["例え.テスト", "xn--r8jz45g.xn--zckzah"],
    ["xn--bcher-kva.example", "xn--bcher-kva.example"],
    ["a-b.c-d.io", "a-b.c-d.io"],
    [`${"a".repeat(63)}.com`, `${"a".repeat(63)}.com`],
  ];
  for (const [input, want] of ok) test(`accepts ${JSON.stringify(input)}`, () => expect(normalizeHostname(input)).toBe(want));

  const hostile = [
    "",
    "blog example.com",
    "blog.example.com;",
    "blog.example.com; include /etc/passwd",
    "a{b.com",
    "a}.com",
    'a".com',
    "a'.com",
    "a`.com",
    "blog.example.com\nserver { }",
    "blog.example.com\r",
    "a\tb.com",
    "$host.com",
    "ex$ample.com",
    "a\\b.com",
    "a#b.com",
    "a..com",
    "..",
    ".com",
    "localhost",
    "-a.com",
    "a-.com",
    "a_b.com",
    "a/b.com",
    "a:80.com",
    "1.2.3.4",
    "*.example.com",
    `${"a".repeat(64)}.com`,
    `${"abcdefghi.".repeat(26)}com`,
    "a\u0000.com",
  ];
  for (const input of hostile) {
    test(`refuses ${JSON.stringify(input).slice(0, 60)}`, () => {
      expect(() => normalizeHostname(input)).toThrow(expect.objectContaining({ code: "invalid_hostname" }));
    });
  }
});

test("wwwCounterpart flips www", () => {
  expect(wwwCounterpart("example.com")).toBe("www.example.com");
  expect(wwwCounterpart("www.example.com")).toBe("example.com");
});

describe("aliases may be leading wildcards", () => {
  test("*.Shop.Example.com becomes *.shop.example.com", () => expect(normalizeAlias("*.Shop.Example.com")).toBe("*.shop.example.com"));
  test("IDN under a wildcard is converted", () => expect(normalizeAlias("*.bücher.example")).toBe("*.xn--bcher-kva.example"));
  for (const input of ["*", "*.com", "a.*.example.com", "**.example.com", "*example.com", "*.exa mple.com"]) {
    test(`refuses ${input}`, () => expect(() => normalizeAlias(input)).toThrow(expect.objectContaining({ code: "invalid_hostname" })));
  }
  test("the hostname itself may not be a wildcard", () => {
    expect(() => normalizeHostname("*.example.com")).toThrow(expect.objectContaining({ code: "invalid_hostname" }));
  });
});
