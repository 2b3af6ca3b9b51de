// Strong generated secrets for `password` variables, from node:crypto. Rejection sampling
// keeps every character equally likely whatever the alphabet size.
import { randomBytes } from "node:crypto";
import { DEFAULT_PASSWORD_LENGTH } from "./schema.ts";

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export const ALPHABETS = {
  // Safe in URLs, .env files, shell words and connection strings without quoting.
  urlsafe: `${LETTERS}-_`,
  // For apps that choke on punctuation (some database URL parsers, htpasswd arguments).
  alphanumeric: LETTERS,
  // For apps that decode the secret as hex (e.g. a 32-byte key given as 64 hex digits).
  hex: "0123456789abcdef",
} as const;

export type Charset = keyof typeof ALPHABETS;

export function generatePassword(length = DEFAULT_PASSWORD_LENGTH, charset: Charset = "urlsafe"): string {
  const alphabet = ALPHABETS[charset];
  const limit = 256 - (256 % alphabet.length);
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= limit) continue;
      out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}
