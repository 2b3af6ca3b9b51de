// Reading certificates: PEM text -> the facts the panel shows and checks (names, issuer,
// validity, fingerprint). Parsing is node:crypto's X509Certificate; this file only splits the
// text into blocks and turns X509Certificate's strings into readable ones.
import { X509Certificate } from "node:crypto";
import { invalid } from "../lib/errors.ts";

export interface CertInfo {
  /** SAN DNS names, lower-cased; the CN only when the certificate has no SAN extension at all and the CN is a host name. */
  names: string[];
  /** Readable: the subject's CN, else its O, else the whole DN. */
  subject: string;
  /** Readable: the issuer's O (what users recognise, "Let's Encrypt"), else its CN, else the whole DN. */
  issuer: string;
  serial: string;
  /** ms epoch */
  notBefore: number;
  /** ms epoch */
  notAfter: number;
  fingerprint256: string;
  selfSigned: boolean;
}

const BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/**
 * Every CERTIFICATE block, re-wrapped at 64 columns with LF endings. Text around the blocks
 * (the "subject=" lines some tools write into bundles, CRLF, indentation) is dropped.
 */
export function splitPem(pem: string): string[] {
  const out: string[] = [];
  for (const m of pem.matchAll(BLOCK)) {
    const body = (m[1] ?? "").replace(/\s+/g, "");
    const lines = body.match(/.{1,64}/g) ?? [];
    out.push(["-----BEGIN CERTIFICATE-----", ...lines, "-----END CERTIFICATE-----", ""].join("\n"));
  }
  return out;
}

/** "CN=R11\nO=Let's Encrypt" -> { CN: "R11", O: "Let's Encrypt" } (node quotes odd values as JSON). */
export function parseDn(dn: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of dn.split("\n")) {
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    let value = line.slice(eq + 1);
    if (value.startsWith('"')) {
      try {
        value = JSON.parse(value) as string;
      } catch {
        // keep the quoted text: readable enough
      }
    }
    out[line.slice(0, eq)] ??= value;
  }
  return out;
}

const oneLine = (dn: string) => dn.split("\n").join(", ");

export function readableSubject(x: X509Certificate): string {
  const dn = parseDn(x.subject);
  return dn.CN ?? dn.O ?? oneLine(x.subject);
}

function readableIssuer(x: X509Certificate): string {
  const dn = parseDn(x.issuer);
  return dn.O ?? dn.CN ?? oneLine(x.issuer);
}

/** For messages that must pin one certificate down: `"R11" (Let's Encrypt)`. */
export function describe(dnText: string): string {
  const dn = parseDn(dnText);
  const main = dn.CN ?? dn.O ?? oneLine(dnText);
  return dn.CN && dn.O && dn.O !== dn.CN ? `"${main}" (${dn.O})` : `"${main}"`;
}

function sanDnsNames(san: string): string[] {
  const names: string[] = [];
  for (const entry of san.split(", ")) {
    if (!entry.startsWith("DNS:")) continue;
    let value = entry.slice(4);
    if (value.startsWith('"')) {
      try {
        value = JSON.parse(value) as string;
      } catch {
        continue;
      }
    }
    names.push(value.toLowerCase());
  }
  return names;
}

export function isSelfSigned(x: X509Certificate): boolean {
  try {
    return x.checkIssued(x) && x.verify(x.publicKey);
  } catch {
    return false;
  }
}

// Legacy certificates name their host only in the CN; a CA's CN ("R11", "Test Root") is a
// label, not a host, so it must not show up as a name the certificate serves.
const HOSTLIKE = /^(\*\.)?([a-z0-9-]+\.)+[a-z0-9-]+\.?$/i;

export function certInfo(x: X509Certificate): CertInfo {
  const san = x.subjectAltName;
  const cn = parseDn(x.subject).CN;
  return {
    names: san !== undefined ? sanDnsNames(san) : cn && HOSTLIKE.test(cn) ? [cn.toLowerCase()] : [],
    subject: readableSubject(x),
    issuer: readableIssuer(x),
    serial: x.serialNumber,
    notBefore: x.validFromDate.getTime(),
    notAfter: x.validToDate.getTime(),
    fingerprint256: x.fingerprint256,
    selfSigned: isSelfSigned(x),
  };
}

/** Parses every block; `what` names the field in messages ("certificate", "CA bundle"). */
export function parseCerts(pem: string, what = "certificate"): X509Certificate[] {
  const blocks = splitPem(pem);
  if (blocks.length === 0) {
    const hint = /PRIVATE KEY-----/.test(pem)
      ? " This looks like a private key; it belongs in the key field."
      : " Paste the PEM text that starts with -----BEGIN CERTIFICATE-----.";
    throw invalid("invalid_certificate", `No certificate found in the ${what}.${hint}`);
  }
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch (err) {
      const which = blocks.length > 1 ? `Certificate ${i + 1} of ${blocks.length}` : "The certificate";
      throw invalid("invalid_certificate", `${which} in the ${what} could not be read: it is damaged or not a certificate.`, {
        index: i,
        reason: (err as Error).message,
      });
    }
  });
}

/** The certificates of a PEM chain, in the order given. */
export function inspectChain(pem: string): CertInfo[] {
  return parseCerts(pem).map(certInfo);
}

/**
 * Whether a certificate with these names serves `hostname`: an exact match, or a wildcard
 * standing for exactly one label (RFC 6125: *.example.com covers a.example.com but neither
 * example.com nor a.b.example.com). A wildcard hostname is covered only by the same wildcard.
 */
export function covers(certNames: string[], hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  const dot = host.indexOf(".");
  const parent = dot > 0 ? host.slice(dot + 1) : null;
  return certNames.some((raw) => {
    const name = raw.toLowerCase().replace(/\.$/, "");
    if (name === host) return true;
    return name.startsWith("*.") && parent !== null && !host.startsWith("*.") && name.slice(2) === parent;
  });
}
