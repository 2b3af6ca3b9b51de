/** Client-side checks that mirror the API's rules, so the user hears about mistakes before submitting. */

export const APP_NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Why an app name is not a DNS label, or null when it is fine. */
export function appNameError(name: string): string | null {
  if (!name) return "Give the app a name.";
  if (name.length > 63) return "At most 63 characters.";
  if (/[A-Z]/.test(name)) return "Use lower-case letters only.";
  if (/[^a-z0-9-]/.test(name)) return "Only letters a–z, digits and - are allowed.";
  if (name.startsWith("-") || name.endsWith("-")) return "It can't start or end with -.";
  return APP_NAME_PATTERN.test(name) ? null : "Not a valid name.";
}

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function envKeyError(key: string): string | null {
  if (!key) return "Name required.";
  return ENV_KEY.test(key) ? null : "Letters, digits and _, not starting with a digit.";
}

/** Like the API: `pattern` must match the whole value. A broken pattern never blocks the user. */
export function matchesPattern(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, "u").test(value);
  } catch {
    return true;
  }
}

/** Names of keys that occur more than once. */
export function duplicates(keys: string[]): Set<string> {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const k of keys) (seen.has(k) ? dup : seen).add(k);
  return dup;
}
