// Domain names as they may appear in an nginx config. Everything user-given passes through
// here before it can reach render(): characters that nginx treats as syntax (space, `;`, braces,
// quotes, `$`, newlines) are refused before IDN conversion, then the ASCII form must match a
// strict hostname grammar, so no later step has to escape anything.
import { domainToASCII } from "node:url";
import { badHostname } from "./errors.ts";

// Refused outright, even where IDN processing would silently drop or map them.
const SYNTAX = /[\s;{}'"`$\\#]|[\u0000-\u001f\u007f]/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
// A top-level label with a letter: rules out bare IP addresses.
const TLD = /^(?=.*[a-z])[a-z0-9-]{2,63}$/;

/** Lower-case punycode form of a user-given hostname, or a DomainError `invalid_hostname`. */
export function normalizeHostname(input: string): string {
  if (typeof input !== "string" || input.length === 0) throw badHostname(String(input), "empty");
  if (input.length > 253 * 4) throw badHostname(input, "too long");
  if (SYNTAX.test(input)) throw badHostname(input, "contains spaces, quotes, `;`, braces, `$` or control characters");
  if (input.includes("*")) throw badHostname(input, "wildcards are allowed only as an alias, as a leading \"*.\" label");
  const trimmed = input.endsWith(".") ? input.slice(0, -1) : input; // the root dot is implicit
  const ascii = domainToASCII(trimmed);
  if (!ascii) throw badHostname(input, "not a valid internationalised name");
  return assertAsciiHostname(ascii, input);
}

/** Checks an already-ASCII hostname (stored rows, derived www names) against the grammar. */
export function assertAsciiHostname(ascii: string, shownAs = ascii): string {
  if (ascii.length > 253) throw badHostname(shownAs, "longer than 253 characters");
  const labels = ascii.split(".");
  if (labels.length < 2) throw badHostname(shownAs, "needs at least one dot (e.g. app.example.com)");
  for (const label of labels) {
    if (label.length === 0) throw badHostname(shownAs, "empty label (two dots in a row)");
    if (label.length > 63) throw badHostname(shownAs, "a label is longer than 63 characters");
    if (!LABEL.test(label)) throw badHostname(shownAs, `label "${label.slice(0, 63)}" may hold only a-z, 0-9 and inner hyphens`);
  }
  if (!TLD.test(labels[labels.length - 1]!)) throw badHostname(shownAs, "the last label must contain a letter");
  return ascii;
}

/**
 * An alias: a hostname, or a wildcard `*.example.com` (one leading `*` label, at least two
 * labels after it). nginx matches it as a wildcard server_name; it needs a DNS-01 certificate.
 */
export function normalizeAlias(input: string): string {
  if (typeof input === "string" && input.startsWith("*.")) return `*.${normalizeHostname(input.slice(2))}`;
  return normalizeHostname(input);
}

/** assertAsciiHostname for stored aliases, which may be wildcards. */
export function assertAsciiAlias(ascii: string): string {
  return ascii.startsWith("*.") ? `*.${assertAsciiHostname(ascii.slice(2), ascii)}` : assertAsciiHostname(ascii);
}

/** The www <-> apex counterpart of a name: www.example.com <-> example.com. */
export function wwwCounterpart(hostname: string): string {
  return hostname.startsWith("www.") ? hostname.slice(4) : `www.${hostname}`;
}
