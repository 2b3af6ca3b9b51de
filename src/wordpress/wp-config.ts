// wp-config.php as text: what its hardening looks like, and the hardened version of it. Edits
// are line-based on `define( 'NAME', ... );` lines (the official image writes
// `define( 'AUTH_KEY', getenv_docker('WORDPRESS_AUTH_KEY', '...') );`, the sample file plain
// strings), so a value containing `;` or `)` is replaced whole. New values come from a
// quote-free alphabet and need no escaping.
import { randomBytes } from "node:crypto";

export const SALT_NAMES = ["AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY", "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT"] as const;

export interface Hardening {
  fileEditDisallowed: boolean;
  debug: boolean;
  saltsSet: boolean;
}

const PLACEHOLDER = "put your unique phrase here";

/** The whole line of `define('NAME', ...);` and its value expression. */
// The value may hold `;` and `)` (salts, getenv_docker(...)) but never a second define( on the line.
const defineLine = (name: string) => new RegExp(`^[ \\t]*define\\([ \\t]*(['"])${name}\\1[ \\t]*,[ \\t]*((?:(?!define[ \\t]*\\().)*?)[ \\t]*\\)[ \\t]*;[ \\t]*(?://.*)?$`, "m");

/** The value expression of a define, or null when the file does not define it. */
export function defineValue(text: string, name: string): string | null {
  return defineLine(name).exec(text)?.[2] ?? null;
}

const isTrue = (v: string | null) => v !== null && /^(true|1|'1'|"1")$/i.test(v.trim());

export function inspectConfig(text: string): Hardening {
  const salts = SALT_NAMES.map((n) => defineValue(text, n));
  return {
    fileEditDisallowed: isTrue(defineValue(text, "DISALLOW_FILE_EDIT")),
    debug: isTrue(defineValue(text, "WP_DEBUG")),
    // Set = defined, not the sample's placeholder, and not empty.
    saltsSet: salts.every((v) => v !== null && !v.includes(PLACEHOLDER) && !/^(''|"")$/.test(v.trim())),
  };
}

/** 64 characters from [A-Za-z0-9_-]: no quote or backslash, so it sits in '...' as is. */
export const newSalt = () => randomBytes(48).toString("base64url");

export interface HardenResult {
  text: string;
  changed: string[];
  salts: Record<string, string>;
}

/** Where new define lines go: before "stop editing" / wp-settings.php, else before a closing ?>, else at the end. */
function insertAt(text: string): number {
  const marks = [/^.*That's all, stop editing!.*$/m, /^.*require_once.*wp-settings\.php.*$/m];
  for (const re of marks) {
    const m = re.exec(text);
    if (m) return m.index;
  }
  const close = /\?>\s*$/.exec(text);
  return close ? close.index : text.length;
}

function setDefine(text: string, name: string, value: string, added: string[]): string {
  const line = `define( '${name}', ${value} );`;
  const re = defineLine(name);
  if (re.test(text)) return text.replace(re, () => line);
  added.push(line);
  return text;
}

/** The hardened text: 8 new salts, DISALLOW_FILE_EDIT true, WP_DEBUG false. */
export function hardenConfig(text: string, salt: () => string = newSalt): HardenResult {
  const added: string[] = [];
  const salts: Record<string, string> = {};
  let out = text;
  for (const n of SALT_NAMES) {
    salts[n] = salt();
    out = setDefine(out, n, `'${salts[n]}'`, added);
  }
  const changed = ["salts"];
  if (defineValue(text, "DISALLOW_FILE_EDIT")?.trim() !== "true") {
    out = setDefine(out, "DISALLOW_FILE_EDIT", "true", added);
    changed.push("DISALLOW_FILE_EDIT");
  }
  if (defineValue(text, "WP_DEBUG")?.trim() !== "false") {
    out = setDefine(out, "WP_DEBUG", "false", added);
    changed.push("WP_DEBUG");
  }
  if (added.length) {
    const at = insertAt(out);
    const block = `/* Added by ServerKit hardening. */\n${added.join("\n")}\n\n`;
    out = out.slice(0, at) + (at > 0 && out[at - 1] !== "\n" ? "\n" : "") + block + out.slice(at);
  }
  return { text: out, changed, salts };
}

/** How many lines define `name` (PHP ignores a second define, so both would mislead). */
const defineCount = (text: string, name: string) => text.match(new RegExp(`^[ \\t]*define[ \\t]*\\([ \\t]*(['"])${name}\\1`, "gm"))?.length ?? 0;

/** Whether `text` carries exactly the edits of `r`, each name defined once (checked again after writing). */
export function hasEdits(text: string, r: Pick<HardenResult, "salts">): boolean {
  return (
    [...SALT_NAMES, "DISALLOW_FILE_EDIT", "WP_DEBUG"].every((n) => defineCount(text, n) === 1) &&
    SALT_NAMES.every((n) => defineValue(text, n) === `'${r.salts[n]}'`) &&
    defineValue(text, "DISALLOW_FILE_EDIT")?.trim() === "true" &&
    defineValue(text, "WP_DEBUG")?.trim() === "false"
  );
}
