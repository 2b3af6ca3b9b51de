// A small, strict parser and writer for PHP's serialize() format. PHP's lengths (s:N:, O:N:,
// C:N:) count UTF-8 bytes, not characters: the parser walks JS strings counting the bytes
// each character takes (no encode/decode round trip: this runs once per stored value).
// Strict means: the input must be exactly one well-formed value (no leading or trailing
// text, every declared count and length exact, never ending inside a character); anything
// else is "does not parse", so callers never rewrite a value they did not fully understand.
// Scalars, references and class names are kept as their original text, so writing an
// unchanged tree gives back the same text.

export type PhpValue =
  | { t: "s"; text: string }
  /** N; b:..; i:..; d:..; r:..; R:..; and E:N:"Enum:Case"; kept verbatim, whole token included. */
  | { t: "raw"; token: string }
  | { t: "a"; entries: [PhpValue, PhpValue][] }
  | { t: "O"; cls: string; entries: [PhpValue, PhpValue][] }
  /** Custom serialization (Serializable::serialize): an opaque payload only the class can read. */
  | { t: "C"; cls: string; payload: string };

/** Nesting beyond this is refused (no PHP app stores it; it would only exhaust the stack). */
const MAX_DEPTH = 256;

class NoParse extends Error {}

const FLOAT = /^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|NAN|-?INF)$/;
const INT = /^[+-]?\d+$/;

class Reader {
  pos = 0;
  constructor(readonly s: string) {}

  expect(ch: string): void {
    if (this.s[this.pos] !== ch) throw new NoParse();
    this.pos++;
  }

  /** A decimal count (no sign, at most 10 digits) followed by `end`. */
  count(end: string): number {
    const start = this.pos;
    let n = 0;
    for (let c = this.s.charCodeAt(this.pos); c >= 0x30 && c <= 0x39; c = this.s.charCodeAt(++this.pos)) n = n * 10 + (c - 0x30);
    if (this.pos === start || this.pos - start > 10) throw new NoParse();
    this.expect(end);
    return n;
  }

  /** Text up to the next `ch`, which is consumed. */
  until(ch: string): string {
    const end = this.s.indexOf(ch, this.pos);
    if (end < 0 || end - this.pos > 400) throw new NoParse();
    const text = this.s.slice(this.pos, end);
    this.pos = end + 1;
    return text;
  }

  /** Exactly `bytes` UTF-8 bytes of text from here; never half a character. */
  bytes(bytes: number): string {
    const s = this.s;
    const start = this.pos;
    let i = start;
    let left = bytes;
    while (left > 0) {
      const c = s.charCodeAt(i);
      if (Number.isNaN(c)) throw new NoParse(); // ran off the end
      if (c < 0x80) (left -= 1), i++;
      else if (c < 0x800) (left -= 2), i++;
      else if (c < 0xd800 || c > 0xdfff) (left -= 3), i++;
      else {
        // A surrogate pair is one 4-byte character; a lone surrogate is no UTF-8 at all.
        const low = s.charCodeAt(i + 1);
        if (c > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) throw new NoParse();
        (left -= 4), (i += 2);
      }
    }
    if (left < 0) throw new NoParse();
    this.pos = i;
    return s.slice(start, i);
  }

  /** `"` + exactly n bytes + `"`. */
  quoted(n: number): string {
    this.expect('"');
    const text = this.bytes(n);
    this.expect('"');
    return text;
  }

  value(depth: number): PhpValue {
    if (depth > MAX_DEPTH) throw new NoParse();
    const start = this.pos;
    const type = this.s[this.pos++];
    const token = () => ({ t: "raw" as const, token: this.s.slice(start, this.pos) });
    if (type === "N") {
      this.expect(";");
      return token();
    }
    this.expect(":");
    switch (type) {
      case "b": {
        const v = this.until(";");
        if (v !== "0" && v !== "1") throw new NoParse();
        return token();
      }
      case "i":
      case "r":
      case "R":
        if (!INT.test(this.until(";"))) throw new NoParse();
        return token();
      case "d":
        if (!FLOAT.test(this.until(";"))) throw new NoParse();
        return token();
      case "s": {
        const text = this.quoted(this.count(":"));
        this.expect(";");
        return { t: "s", text };
      }
      case "E":
        this.quoted(this.count(":"));
        this.expect(";");
        return token();
      case "a":
        return { t: "a", entries: this.entries(this.count(":"), depth) };
      case "O": {
        const cls = this.quoted(this.count(":"));
        this.expect(":");
        return { t: "O", cls, entries: this.entries(this.count(":"), depth) };
      }
      case "C": {
        const cls = this.quoted(this.count(":"));
        this.expect(":");
        const n = this.count(":");
        this.expect("{");
        const payload = this.bytes(n);
        this.expect("}");
        return { t: "C", cls, payload };
      }
      default:
        throw new NoParse();
    }
  }

  entries(n: number, depth: number): [PhpValue, PhpValue][] {
    this.expect("{");
    const out: [PhpValue, PhpValue][] = [];
    for (let i = 0; i < n; i++) {
      const k = this.s[this.pos];
      // Keys are ints or strings only; anything else is not something PHP wrote.
      if (k !== "i" && k !== "s") throw new NoParse();
      const key = this.value(depth + 1);
      out.push([key, this.value(depth + 1)]);
    }
    this.expect("}");
    return out;
  }
}

/** The value `text` holds, or undefined when it is not exactly one well-formed serialized value. */
export function parsePhp(text: string): PhpValue | undefined {
  const r = new Reader(text);
  try {
    const v = r.value(0);
    return r.pos === text.length ? v : undefined;
  } catch (e) {
    if (e instanceof NoParse) return undefined;
    throw e;
  }
}

const byteLength = (s: string) => Buffer.byteLength(s, "utf8");

/** `v` in PHP's format, every length recomputed from the UTF-8 bytes it covers. */
export function writePhp(v: PhpValue): string {
  switch (v.t) {
    case "raw":
      return v.token;
    case "s":
      return `s:${byteLength(v.text)}:"${v.text}";`;
    case "a":
      return `a:${v.entries.length}:{${writeEntries(v.entries)}}`;
    case "O":
      return `O:${byteLength(v.cls)}:"${v.cls}":${v.entries.length}:{${writeEntries(v.entries)}}`;
    case "C":
      return `C:${byteLength(v.cls)}:"${v.cls}":${byteLength(v.payload)}:{${v.payload}}`;
  }
}

function writeEntries(entries: [PhpValue, PhpValue][]): string {
  let out = "";
  for (const [k, val] of entries) out += writePhp(k) + writePhp(val);
  return out;
}

/**
 * Cheap test for "this text means to be serialized PHP" (like WordPress's is_serialized):
 * a container or string header at the start and the right closing byte at the end. A value
 * that looks serialized but does not parse is treated as possibly damaged data, not as text.
 */
export function looksSerialized(text: string): boolean {
  if (text.length < 2) return false;
  const last = text.charCodeAt(text.length - 1);
  if (last !== 0x3b /* ; */ && last !== 0x7d /* } */) return false;
  return /^(?:[aOCsSE]:\d+:|[bidrR]:[^;]*;$|N;$)/.test(text);
}
