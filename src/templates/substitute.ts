// `${VAR}` substitution on the PARSED compose object. Only string leaves are touched and a
// value is inserted as data, never spliced into YAML text, so a value holding newlines,
// `: ` or quotes stays one string and can never change the file's structure.
//
// Syntax inside a string leaf (a strict subset of Compose's own interpolation):
//   ${NAME}  the value of variable NAME        $$  a literal `$`
// Anything else after a `$` (`$NAME`, `${NAME:-x}`, a lone `$`) is refused, so a template
// never relies on Compose re-interpreting what we hand it.
import { invalid } from "../lib/errors.ts";

export const VARIABLE_NAME = /^[A-Z][A-Z0-9_]*$/;

export type Segment = { text: string } | { ref: string };

/** Splits one string into literal text and references; `where` names it in errors. */
export function tokenize(s: string, where: string): Segment[] {
  const out: Segment[] = [];
  let text = "";
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c !== "$") {
      text += c;
      i++;
      continue;
    }
    const next = s[i + 1];
    if (next === "$") {
      text += "$";
      i += 2;
      continue;
    }
    const close = next === "{" ? s.indexOf("}", i + 2) : -1;
    const name = close === -1 ? "" : s.slice(i + 2, close);
    if (!VARIABLE_NAME.test(name)) {
      throw invalid(
        "template_syntax",
        `${where}: "${s}" has a "$" that is neither \${NAME} (upper-case name) nor "$$" (a literal "$").`,
        { path: where },
      );
    }
    if (text) out.push({ text });
    text = "";
    out.push({ ref: name });
    i = close + 1;
  }
  if (text || out.length === 0) out.push({ text });
  return out;
}

type Visit = (s: string, path: string) => string;

const join = (path: string, key: string | number) =>
  typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/** Deep copy of `node` with `fn` applied to every string leaf; map keys are kept as they are. */
function mapStrings(node: unknown, path: string, fn: Visit): unknown {
  if (typeof node === "string") return fn(node, path);
  if (Array.isArray(node)) return node.map((v, i) => mapStrings(v, join(path, i), fn));
  if (node !== null && typeof node === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      // Keys are not substituted; a reference in one is a template mistake, say so.
      if (k.includes("${")) {
        throw invalid("template_syntax", `${join(path, k)}: map keys are not substituted; move the reference into a value.`, {
          path: join(path, k),
        });
      }
      // defineProperty, not `out[k] =`: a "__proto__" key from YAML must stay a plain key.
      const value = mapStrings(v, join(path, k), fn);
      Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return node;
}

/** Every variable referenced under `node`, with the paths where it occurs. Throws on bad syntax. */
export function findReferences(node: unknown, base = ""): Map<string, string[]> {
  const refs = new Map<string, string[]>();
  mapStrings(node, base, (s, path) => {
    for (const seg of tokenize(s, path)) {
      if ("ref" in seg) refs.set(seg.ref, [...(refs.get(seg.ref) ?? []), path]);
    }
    return s;
  });
  return refs;
}

/** One string with its references replaced; unknown names are refused. */
export function substituteString(s: string, values: Readonly<Record<string, string>>, where = ""): string {
  let out = "";
  for (const seg of tokenize(s, where)) {
    if ("text" in seg) {
      out += seg.text;
      continue;
    }
    const value = values[seg.ref];
    if (value === undefined) {
      throw invalid("unknown_template_variable", `${where || "value"}: \${${seg.ref}} is not a variable of this template.`, {
        variable: seg.ref,
        path: where,
      });
    }
    out += value;
  }
  return out;
}

/** A deep copy of `node` with literal results: `${X}` replaced, `$$` turned into `$`. */
export function substitute<T>(node: T, values: Readonly<Record<string, string>>, base = ""): T {
  return mapStrings(node, base, (s, path) => substituteString(s, values, path)) as T;
}

/**
 * Doubles every `$` in string leaves. The Compose CLI interpolates the file it reads, so a
 * literal `$` in a value (a user's password, a shell snippet) must reach it as `$$`.
 */
export function escapeForCompose<T>(node: T): T {
  // A function replacer: in a replacement *string*, "$$" itself means one "$".
  return mapStrings(node, "", (s) => s.replaceAll("$", () => "$$")) as T;
}
