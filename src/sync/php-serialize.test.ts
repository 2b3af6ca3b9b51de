import { describe, expect, test } from "bun:test";
import { looksSerialized, parsePhp, writePhp } from "./php-serialize.ts";
import { phpSerialize, randomPhp, rng } from "./php-testing.ts";

const parse = parsePhp;
const roundTrip = (s: string) => {
  const v = parse(s);
  return v && writePhp(v);
};

describe("PHP serialize parser", () => {
  test("reads every kind of value and writes the same bytes back", () => {
    const samples = [
      "N;",
      "b:1;",
      "b:0;",
      "i:-42;",
      "d:0.1;",
      "d:-1.5E-7;",
      "d:INF;",
      "d:NAN;",
      's:0:"";',
      's:5:"héé";',
      's:4:"😀";',
      's:6:"a";b;c";',
      'a:2:{i:0;s:1:"x";s:3:"key";a:1:{i:5;N;}}',
      'O:8:"stdClass":2:{s:3:"url";s:4:"http";s:6:"\0*\0pro";i:1;}',
      'O:21:"Class_Nobody_Can_Load":0:{}',
      'C:11:"ArrayObject":21:{x:i:0;a:0:{};m:a:0:{}}',
      'a:2:{i:0;O:8:"stdClass":0:{}i:1;r:2;}',
      'a:2:{i:0;a:0:{}i:1;R:2;}',
      'E:11:"Suit:Hearts";',
    ];
    for (const s of samples) expect(roundTrip(s)).toBe(s);
  });

  test("string lengths are bytes: a length in characters does not parse", () => {
    expect(parse('s:3:"héé";')).toBeUndefined();
    expect(parse('s:5:"héé";')).toEqual({ t: "s", text: "héé" });
    expect(parse('s:1:"😀";')).toBeUndefined();
    expect(parse('s:1:"é";')).toBeUndefined(); // would end inside the character
    expect(parse('s:3:"\uD800";')).toBeUndefined(); // a lone surrogate is not UTF-8
  });

  test("anything but exactly one well-formed value is refused", () => {
    const bad = [
      "",
      "N",
      "b:2;",
      "i:;",
      "i:1.5;",
      "d:abc;",
      's:4:"abc";',
      's:2:"abc";',
      's:3:"abc"',
      's:-1:"";',
      'a:2:{i:0;s:1:"x";}',
      'a:1:{i:0;s:1:"x";i:1;N;}',
      'a:1:{d:0.5;N;}',
      'a:1:{a:0:{}N;}',
      'O:8:"stdClass":1:{}',
      'C:11:"ArrayObject":99:{x}',
      "N;N;",
      " N;",
      "N; ",
      's:99999999999:"";',
      'S:3:"\\61bc";',
      "x:1;",
    ];
    for (const s of bad) expect(parse(s)).toBeUndefined();
  });

  test("deep nesting is refused, not a stack overflow", () => {
    const deep = "a:1:{i:0;".repeat(5000) + "N;" + "}".repeat(5000);
    expect(parse(deep)).toBeUndefined();
    const fine = "a:1:{i:0;".repeat(100) + "N;" + "}".repeat(100);
    expect(roundTrip(fine)).toBe(fine);
  });

  test("looksSerialized recognises serialized headers and nothing else", () => {
    for (const s of ['a:1:{i:0;N;}', 's:1:"x";', "N;", "b:1;", 'O:1:"A":0:{}', "a:1:{broken}", 's:9:"short";']) expect(looksSerialized(s)).toBe(true);
    for (const s of ["hello", "a:b;", "https://x.y/;", "a:1:{i:0;N;} ", "{}", "s:1"]) expect(looksSerialized(s)).toBe(false);
  });

  test("fuzz: random values from the reference serializer parse and write back byte for byte", () => {
    const r = rng(20261124);
    const pieces = ["a", "é", "😀", '"', ";", "}", "{", ":", "s:1:", '";', "\\", "/", "\n", "中", "\0", " "];
    for (let i = 0; i < 3000; i++) {
      const s = phpSerialize(randomPhp(r, pieces, 4));
      expect(looksSerialized(s)).toBe(true);
      expect(roundTrip(s)).toBe(s);
    }
  });

  test("fuzz: damaged serialized values never throw, and parse only if still well-formed", () => {
    const r = rng(7);
    const pieces = ["ab", "é", '";', "}", "s:2:", "😀"];
    for (let i = 0; i < 3000; i++) {
      const s = phpSerialize(randomPhp(r, pieces, 3));
      expect(parsePhp(s.slice(0, r.int(s.length)))).toBeUndefined(); // a proper prefix is never a whole value
      const at = r.int(s.length);
      const flipped = s.slice(0, at) + r.pick(["0", "9", '"', ";", "}", ":", "é"]) + s.slice(at + 1);
      const v = parsePhp(flipped);
      if (v) expect(writePhp(v)).toBe(flipped);
    }
  });
});
