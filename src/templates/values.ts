// Checks one variable value against its declared type and normalises it to the string that
// goes into the compose file. Shared by the schema (a template's own defaults must pass) and
// by resolveVariables (user input).
export const VARIABLE_TYPES = ["string", "password", "port", "domain", "email", "select", "boolean"] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

/** What checkValue needs to know about a variable. */
export interface ValueRules {
  type: VariableType;
  pattern?: string;
  options?: string[];
}

export type Checked = { ok: true; value: string } | { ok: false; message: string };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
// Values end up in .env lines, logs and command lines: no control characters anywhere.
const CONTROL = /[\u0000-\u001f\u007f]/;

export function isHostname(s: string): boolean {
  if (s.length === 0 || s.length > 253) return false;
  return s.split(".").every((label) => LABEL.test(label));
}

function isEmail(s: string): boolean {
  const at = s.lastIndexOf("@");
  if (at < 1 || at > 64) return false;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  return /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$/.test(local) && isHostname(domain.toLowerCase()) && domain.includes(".");
}

/** `pattern` must match the whole value, not a part of it. */
export function fullMatch(pattern: string, value: string): boolean {
  return new RegExp(`^(?:${pattern})$`, "u").test(value);
}

const ok = (value: string): Checked => ({ ok: true, value });
const fail = (message: string): Checked => ({ ok: false, message });

function asText(raw: unknown): string | undefined {
  if (typeof raw === "string") return raw;
  if (typeof raw === "number" && Number.isFinite(raw)) return String(raw);
  return undefined;
}

export function checkValue(rules: ValueRules, raw: unknown): Checked {
  if (rules.type === "boolean") {
    if (raw === true || raw === false) return ok(String(raw));
    if (typeof raw === "string" && /^(true|false)$/i.test(raw)) return ok(raw.toLowerCase());
    return fail("must be true or false");
  }
  if (rules.type === "port") {
    const n = typeof raw === "number" ? raw : typeof raw === "string" && /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > 65535) return fail("must be a whole number from 1 to 65535");
    return ok(String(n));
  }
  const text = asText(raw);
  if (text === undefined) return fail("must be a string");
  if (CONTROL.test(text)) return fail("must not contain control characters (newlines, tabs...)");
  let value = text;
  switch (rules.type) {
    case "domain":
      value = text.toLowerCase();
      if (!isHostname(value)) return fail("must be a host name such as app.example.com");
      break;
    case "email":
      if (!isEmail(text)) return fail("must be an e-mail address such as admin@example.com");
      break;
    case "select":
      if (!(rules.options ?? []).includes(text)) return fail(`must be one of: ${(rules.options ?? []).join(", ")}`);
      break;
    case "string":
    case "password":
      break;
  }
  if (rules.pattern !== undefined && !fullMatch(rules.pattern, value)) {
    return fail(`must match the pattern ${rules.pattern}`);
  }
  return ok(value);
}
