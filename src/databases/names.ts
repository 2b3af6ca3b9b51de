// Names of databases and users, and passwords. Names are held to a strict pattern so that
// quoting them as identifiers (`name` on MariaDB, "name" on PostgreSQL) is trivially safe
// and they mean the same on both engines (PostgreSQL folds unquoted names to lowercase;
// 63 is its identifier limit). Users are told which character is wrong, not just "invalid".
import { randomBytes } from "node:crypto";
import { invalid } from "../lib/errors.ts";

/** The panel's own admin account on servers it adopted (see discover.ts): never listed, created or dropped as a user. */
export const PANEL_ADMIN = "serverkit_admin";

/** Lowercase letters, digits and underscore, starting with a letter, at most 63 characters. */
export const DB_NAME = /^[a-z][a-z0-9_]{0,62}$/;

const RULE = "lowercase letters, digits and underscores, starting with a letter, at most 63 characters";

const SPECIFIC: Record<string, string> = {
  "'": "single quotes (')",
  '"': 'double quotes (")',
  "`": "backticks (`)",
  " ": "spaces",
  ";": "semicolons (;)",
  "\\": "backslashes (\\)",
  "-": "hyphens (-)",
  ".": "dots (.)",
};

/** Returns `name` when it is a valid database or user name; throws invalid "invalid_db_name" saying why otherwise. */
export function assertDbName(kind: "database" | "user", name: string): string {
  if (DB_NAME.test(name)) return name;
  const what = kind === "database" ? "A database name" : "A user name";
  throw invalid("invalid_db_name", `${what} ${why(name)}. Use ${RULE}.`, { kind, name });
}

function why(name: string): string {
  if (name.length === 0) return "cannot be empty";
  if (name.length > 63) return `is ${name.length} characters long (the limit is 63)`;
  const bad = [...name].find((c) => !/[a-z0-9_]/.test(c));
  if (bad !== undefined) {
    if (SPECIFIC[bad]) return `cannot contain ${SPECIFIC[bad]}`;
    if (/[A-Z]/.test(bad)) return `cannot contain uppercase letters ("${bad}")`;
    if (/\s/.test(bad)) return "cannot contain whitespace";
    return `cannot contain "${bad}" (U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")})`;
  }
  return `must start with a letter, not "${name[0]}"`;
}

/** 32 characters of base64url (192 random bits): safe in URLs, .env files and shells. */
export function generatePassword(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * Passwords we set for database users. Any printable text is fine (it reaches the server
 * as a bind parameter or through the server's own quoting); control characters are
 * refused because .env files and URLs carry these passwords.
 */
export function assertPassword(password: string): string {
  if (password.length < 8 || password.length > 256) {
    throw invalid("invalid_db_password", "A database password must be 8 to 256 characters long.");
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(password)) {
    throw invalid("invalid_db_password", "A database password cannot contain control characters (line breaks, tabs, NUL).");
  }
  return password;
}
