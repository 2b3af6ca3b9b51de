// Replacing text inside one stored value without breaking what it encodes. PHP-serialized
// values (WordPress options, widgets, post meta) record each string's length in bytes: they
// are parsed, the strings replaced (recursively: a string may hold serialized data itself),
// and written back with the lengths recomputed. Data we cannot read is never rewritten in a
// way that changes its length; such values are left as they were and reported as skipped.
import { looksSerialized, parsePhp, writePhp, type PhpValue } from "./php-serialize.ts";
import type { Needle } from "./rules.ts";

export interface Replaced {
  value: string;
  changed: boolean;
  /** Some occurrence could not be replaced safely (damaged serialized data, opaque C: payloads, undecodable text). */
  skipped: boolean;
}

interface State {
  skipped: boolean;
}


export function replaceValue(text: string, needles: readonly Needle[]): Replaced {
  if (!mentions(text, needles)) return { value: text, changed: false, skipped: false };
  // U+FFFD means a driver already failed to decode these bytes: writing them back would
  // replace the original bytes with the replacement character for good.
  if (text.includes("\uFFFD")) return { value: text, changed: false, skipped: true };
  const st: State = { skipped: false };
  const value = replaceText(text, needles, st);
  return { value, changed: value !== text, skipped: st.skipped };
}

/** Whether any needle occurs at all: the fast path for the vast majority of values. */
export function mentions(text: string, needles: readonly Needle[]): boolean {
  for (const n of needles) if (text.includes(n.search)) return true;
  return false;
}

function replaceText(text: string, needles: readonly Needle[], st: State): string {
  if (!mentions(text, needles)) return text;
  if (!looksSerialized(text)) return replacePlain(text, needles).text;
  const tree = parsePhp(text);
  if (tree) {
    const out = replaceTree(tree, needles, st);
    return out === tree ? text : writePhp(out);
  }
  // Looks serialized but does not parse (truncated by a plugin, edited by hand): a change
  // of length could make it unreadable for PHP, the same length cannot make it worse.
  const plain = replacePlain(text, needles);
  if (plain.resized) {
    st.skipped = true;
    return text;
  }
  return plain.text;
}

function replaceTree(v: PhpValue, needles: readonly Needle[], st: State): PhpValue {
  switch (v.t) {
    case "s": {
      // Recursion: the string may itself be serialized data (or JSON, or plain text).
      const text = replaceText(v.text, needles, st);
      return text === v.text ? v : { t: "s", text };
    }
    case "a":
    case "O": {
      let changed = false;
      const entries = v.entries.map(([k, val]): [PhpValue, PhpValue] => {
        const k2 = replaceTree(k, needles, st);
        const v2 = replaceTree(val, needles, st);
        if (k2 !== k || v2 !== val) changed = true;
        return [k2, v2];
      });
      // Class names are kept: they name code, not content.
      return changed ? { ...v, entries } : v;
    }
    case "C":
      // Only the class can read its payload; if ours is in there, say so rather than guess.
      if (mentions(v.payload, needles)) st.skipped = true;
      return v;
    case "raw":
      return v;
  }
}

/** Every needle in turn over the whole text; `resized` when a replacement changed the byte length. */
export function replacePlain(text: string, needles: readonly Needle[]): { text: string; resized: boolean } {
  let resized = false;
  for (const n of needles) {
    const next = replaceAllAt(text, n);
    if (next !== text && !n.sameBytes) resized = true;
    text = next;
  }
  return { text, resized };
}

function replaceAllAt(text: string, n: Needle): string {
  let at = text.indexOf(n.search);
  if (at < 0) return text;
  let out = "";
  let from = 0;
  while (at >= 0) {
    const end = at + n.search.length;
    if (!n.hostEnd || !continuesHost(text, end)) {
      out += text.slice(from, at) + n.replace;
      from = end;
    }
    at = text.indexOf(n.search, end);
  }
  return from === 0 ? text : out + text.slice(from);
}

const HOST_CHAR = /[A-Za-z0-9-]/;

/** Whether text at `i` goes on with more hostname: a letter, digit or "-", or a dot followed by one. */
function continuesHost(text: string, i: number): boolean {
  const c = text[i];
  if (c === undefined) return false;
  if (HOST_CHAR.test(c)) return true;
  return c === "." && i + 1 < text.length && HOST_CHAR.test(text[i + 1]!);
}
