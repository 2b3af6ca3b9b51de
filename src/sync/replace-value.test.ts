import { describe, expect, test } from "bun:test";
import { DomainError } from "../lib/errors.ts";
import { parsePhp } from "./php-serialize.ts";
import { phpReplaced, phpSerialize, randomPhp, rng, type Php } from "./php-testing.ts";
import { replaceValue } from "./replace-value.ts";
import { compileRules, type SearchReplacePair } from "./rules.ts";

const WWW = "https://www.site.com";
const DEV = "https://dev.site.com:8443";
const site = compileRules([{ search: WWW, replace: DEV }]);
const run = (text: string, needles = site) => replaceValue(text, needles);
const ser = phpSerialize;
const parses = (s: string) => parsePhp(s) !== undefined;

describe("replaceValue: plain text", () => {
  test("replaces every occurrence and leaves other text alone", () => {
    const r = run(`<a href="${WWW}/about">about</a> and ${WWW}/`);
    expect(r).toEqual({ value: `<a href="${DEV}/about">about</a> and ${DEV}/`, changed: true, skipped: false });
    expect(run("nothing to see")).toEqual({ value: "nothing to see", changed: false, skipped: false });
  });

  test("a URL search does not match longer hostnames; a path, port, query or sentence end still matches", () => {
    for (const other of [`${WWW}.evil.org/x`, `${WWW}munity`, `${WWW}-old.net`, `${WWW}8`]) expect(run(other).changed).toBe(false);
    expect(run(`${WWW}:8080/x`).value).toBe(`${DEV}:8080/x`);
    expect(run(`${WWW}?p=1`).value).toBe(`${DEV}?p=1`);
    expect(run(`Visit ${WWW}. Or ${WWW}, or (${WWW})`).value).toBe(`Visit ${DEV}. Or ${DEV}, or (${DEV})`);
  });

  test("a search without a scheme is a plain substring, as in WordPress tools", () => {
    const r = run("mail@othersite.com and site.com", compileRules([{ search: "site.com", replace: "example.org" }]));
    expect(r.value).toBe("mail@otherexample.org and example.org");
  });

  test("JSON-escaped and URL-encoded forms are replaced in kind", () => {
    const block = `<!-- wp:image {"url":"https:\\/\\/www.site.com\\/a.jpg","link":"https:\\/\\/www.site.com.evil.org"} -->`;
    expect(run(block).value).toBe(`<!-- wp:image {"url":"https:\\/\\/dev.site.com:8443\\/a.jpg","link":"https:\\/\\/www.site.com.evil.org"} -->`);
    expect(run("/wp-login.php?redirect_to=https%3A%2F%2Fwww.site.com%2Fwp-admin").value).toBe("/wp-login.php?redirect_to=https%3A%2F%2Fdev.site.com%3A8443%2Fwp-admin");
  });

  test("base64 of a value containing the URL is not touched", () => {
    const b64 = Buffer.from(`{"home":"${WWW}"}`).toString("base64");
    expect(run(b64).changed).toBe(false);
  });

  test("several pairs apply in order, each once", () => {
    const needles = compileRules([
      { search: WWW, replace: DEV },
      { search: "info@site.com", replace: "dev@example.org" },
    ]);
    expect(run(`${WWW} info@site.com`, needles).value).toBe(`${DEV} dev@example.org`);
  });

  test("idempotent when the replacement does not contain the search", () => {
    const once = run(ser({ arr: [["home", WWW], ["nested", { ser: { arr: [[0, `${WWW}/x`]] } }]] })).value;
    expect(run(once)).toEqual({ value: once, changed: false, skipped: false });
  });

  test("bad pairs are refused", () => {
    const bad: SearchReplacePair[][] = [[], [{ search: "", replace: "x" }], [{ search: "abc", replace: "abcd" }], [{ search: "ab\ncd", replace: "x" }]];
    for (const pairs of bad) expect(() => compileRules(pairs)).toThrow(DomainError);
  });
});

describe("replaceValue: PHP-serialized data", () => {
  test("string lengths are recomputed in bytes, multibyte text around the URL included", () => {
    const before = ser({ arr: [["title", "Café 😀"], ["url", `${WWW}/é`]] });
    expect(before).toBe('a:2:{s:5:"title";s:10:"Café 😀";s:3:"url";s:23:"https://www.site.com/é";}');
    const r = run(before);
    expect(r.value).toBe('a:2:{s:5:"title";s:10:"Café 😀";s:3:"url";s:28:"https://dev.site.com:8443/é";}');
    expect(r.changed && !r.skipped).toBe(true);
  });

  test("array keys, object properties and serialized strings inside serialized strings", () => {
    const value: Php = {
      obj: "Widget_Nobody_Can_Load",
      props: [
        [`${WWW}/key`, 1],
        ["inner", { ser: { arr: [["deeper", { ser: { obj: "stdClass", props: [["u", `${WWW}/é😀`]] } }]] } }],
      ],
    };
    const out = run(ser(value)).value;
    expect(out).toBe(ser(phpReplaced(value, (s) => s.replaceAll(WWW, DEV))));
    expect(out).toContain('O:22:"Widget_Nobody_Can_Load"');
    expect(parses(out)).toBe(true);
  });

  test("booleans, numbers, null and references stay as they were", () => {
    const s = `a:6:{i:0;b:1;i:1;i:-7;i:2;d:0.5;i:3;N;i:4;s:20:"${WWW}";i:5;R:2;}`;
    expect(run(s).value).toBe(`a:6:{i:0;b:1;i:1;i:-7;i:2;d:0.5;i:3;N;i:4;s:25:"${DEV}";i:5;R:2;}`);
  });

  test("custom-serialized (C:) payloads are left alone and reported", () => {
    const payload = `x:i:0;s:20:"${WWW}";m:a:0:{}`;
    const s = `a:2:{i:0;C:11:"ArrayObject":${Buffer.byteLength(payload)}:{${payload}}i:1;s:20:"${WWW}";}`;
    const r = run(s);
    expect(r.value).toBe(`a:2:{i:0;C:11:"ArrayObject":${Buffer.byteLength(payload)}:{${payload}}i:1;s:25:"${DEV}";}`);
    expect(r.skipped).toBe(true);
  });

  test("damaged serialized data: left alone when lengths would change, replaced when they would not", () => {
    const broken = `a:1:{i:0;s:99:"${WWW}";}`;
    expect(run(broken)).toEqual({ value: broken, changed: false, skipped: true });
    const same = compileRules([{ search: WWW, replace: "https://dev.site.com" }]);
    expect(run(broken, same)).toEqual({ value: `a:1:{i:0;s:99:"https://dev.site.com";}`, changed: true, skipped: false });
  });

  test("binary bytes inside a serialized string are not touched", () => {
    const bin = Buffer.concat([Buffer.from('a:1:{i:0;s:23:"'), Buffer.from([0xff, 0xfe, 0x00]), Buffer.from(`${WWW}";}`)]);
    const text = bin.toString("latin1"); // how the bytes would look after a lossless single-byte read
    expect(run(text).changed).toBe(false);
    expect(run("caf\uFFFD " + WWW)).toEqual({ value: "caf\uFFFD " + WWW, changed: false, skipped: true });
  });

  test("property-based: random nested values replace like the reference and reparse", () => {
    const needles = compileRules([
      { search: "old.example", replace: "new.example.org" },
      { search: "ÉtÉx", replace: "summer" },
      { search: "summer-sale", replace: "s" },
    ]);
    const ref = (s: string) => s.replaceAll("old.example", "new.example.org").replaceAll("ÉtÉx", "summer").replaceAll("summer-sale", "s");
    const pieces = ["old.example", "old.", "example", "ÉtÉx", "-sale", "é", "😀", '"', ";", "}", "{", ":", '";', "\\", "/", "\n", "x", " ", "中"];
    const r = rng(42);
    let changed = 0;
    for (let i = 0; i < 2000; i++) {
      const value = randomPhp(r, pieces, 4);
      const out = replaceValue(ser(value), needles);
      const expected = ser(phpReplaced(value, ref));
      expect(out.value).toBe(expected);
      expect(out.skipped).toBe(false);
      expect(parses(out.value)).toBe(true);
      if (out.changed) changed++;
    }
    expect(changed).toBeGreaterThan(300); // the generator does produce matches
  });
});
