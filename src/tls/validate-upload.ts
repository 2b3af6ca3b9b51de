// An uploaded certificate + key, checked the way a browser and nginx would see them, before
// anything is written: each refusal has a stable code and a message that names what is wrong
// and what to do. The checks run in the order a user can act on them: can we read it, does
// the key fit, is the chain in order, is it in date, does it cover the names, is it trusted.
import { createPrivateKey, type KeyObject, type X509Certificate } from "node:crypto";
import { rootCertificates } from "node:tls";
import { invalid } from "../lib/errors.ts";
import { certInfo, covers, describe, isSelfSigned, parseCerts, splitPem, type CertInfo } from "./inspect.ts";

export interface UploadInput {
  certPem: string;
  keyPem: string;
  /** Every name the domain answers to. */
  hostnames: string[];
  now?: number;
  /** Extra trust anchors (the panel's CA bundle, e.g. a private CA or a test CA). */
  extraRootsPem?: string | null;
}

export interface ValidUpload {
  leaf: CertInfo;
  chain: CertInfo[];
  /** Leaf first, normalised; a trailing self-signed root is dropped (clients bring their own). */
  fullchainPem: string;
  /** Normalised PKCS8 PEM. */
  keyPem: string;
}

/** A real chain with a 4096-bit RSA key and three intermediates is under 10 KiB; 64 KiB is generous. */
const MAX_BYTES = 64 * 1024;

function limitSize(text: string, what: string): void {
  if (Buffer.byteLength(text, "utf8") > MAX_BYTES) {
    throw invalid("too_large", `The ${what} is larger than 64 KiB; paste only the PEM text.`, { field: what, maxBytes: MAX_BYTES });
  }
}

const KEY_BLOCK = /-----BEGIN ((?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY)-----[\s\S]*?-----END \1-----/;

const encryptedKey = () =>
  invalid(
    "invalid_key",
    "The private key is protected by a passphrase. Remove it first (openssl pkey -in key.pem -out key-plain.pem) and upload the result.",
  );

function readKey(pem: string): KeyObject {
  const block = KEY_BLOCK.exec(pem)?.[0];
  if (!block) {
    const what = /BEGIN CERTIFICATE/.test(pem)
      ? "The key field holds a certificate, not a private key."
      : /BEGIN (RSA )?PUBLIC KEY/.test(pem)
        ? "The key field holds a public key; the private key is needed."
        : "No private key found.";
    throw invalid("invalid_key", `${what} Paste the PEM text that starts with -----BEGIN PRIVATE KEY-----.`);
  }
  if (block.startsWith("-----BEGIN ENCRYPTED") || /Proc-Type:\s*4,ENCRYPTED/.test(block)) throw encryptedKey();
  try {
    return createPrivateKey(block);
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_MISSING_PASSPHRASE") throw encryptedKey();
    throw invalid("invalid_key", "The private key could not be read: it is damaged or in a format other than PEM.", {
      reason: (err as Error).message,
    });
  }
}

/** child was issued by parent: names match and parent's key signed it. */
function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

function keyFits(cert: X509Certificate, key: KeyObject): boolean {
  try {
    return cert.checkPrivateKey(key);
  } catch {
    return false; // a key of another type (EC key, RSA cert) throws instead of answering false
  }
}

const name = (x: X509Certificate) => describe(x.subject);

/** From the leaf, follow "issued by" through the given certificates as far as it goes. */
function walk(leaf: X509Certificate, certs: X509Certificate[]): X509Certificate[] {
  const chain = [leaf];
  const rest = certs.filter((c) => c !== leaf);
  for (;;) {
    const last = chain[chain.length - 1]!;
    if (isSelfSigned(last)) return chain;
    const i = rest.findIndex((c) => issuedBy(last, c));
    if (i < 0) return chain;
    chain.push(...rest.splice(i, 1));
  }
}

/**
 * We refuse rather than reorder: nginx serves the file as written, and a user who pasted the
 * blocks in the wrong order learns the expected order from the message.
 */
function checkOrder(certs: X509Certificate[], leaf: X509Certificate): void {
  const inOrder = certs[0] === leaf && certs.every((c, i) => i === 0 || issuedBy(certs[i - 1]!, c));
  if (inOrder) return;
  const chain = walk(leaf, certs);
  if (chain.length === certs.length) {
    const expected = chain.map((c, i) => `${i + 1}. ${name(c)}`).join(", ");
    throw invalid(
      "chain_out_of_order",
      `The certificates are not in order. Put the domain's certificate first, each one followed by the certificate that issued it: ${expected}.`,
      { expected: chain.map((c) => c.subject) },
    );
  }
  const end = chain[chain.length - 1]!;
  const strays = certs.filter((c) => !chain.includes(c));
  throw invalid(
    "chain_incomplete",
    `The chain stops at ${name(end)}, issued by ${describe(end.issuer)}, which is not included; ${strays.map(name).join(", ")} did not issue it. Add the right intermediate certificate and remove the ones that do not belong.`,
    { stopsAt: end.subject, missingIssuer: end.issuer, unrelated: strays.map((c) => c.subject) },
  );
}

const day = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 16) + " UTC";

function checkDates(chain: X509Certificate[], now: number): void {
  chain.forEach((c, i) => {
    const what = i === 0 ? `The certificate ${name(c)}` : `The intermediate certificate ${name(c)} in the chain`;
    const { notBefore, notAfter } = certInfo(c);
    if (now > notAfter) throw invalid("certificate_expired", `${what} expired on ${day(notAfter)}.`, { subject: c.subject, notAfter });
    if (now < notBefore) {
      throw invalid("certificate_not_yet_valid", `${what} is not valid until ${day(notBefore)}.`, { subject: c.subject, notBefore });
    }
  });
}

// Parsed once: the bundled store is fixed for the life of the process, and parsing ~120 roots
// on every upload would be wasted work.
let systemRoots: X509Certificate[] | null = null;

function anchors(extraRootsPem: string | null | undefined): X509Certificate[] {
  systemRoots ??= rootCertificates.flatMap((pem) => lenient(pem));
  return extraRootsPem ? [...systemRoots, ...lenient(extraRootsPem)] : systemRoots;
}

/** The CA bundle is the operator's file, not the user's upload: a bad block in it is skipped, not blamed on the user. */
function lenient(pem: string): X509Certificate[] {
  return splitPem(pem).flatMap((block) => {
    try {
      return parseCerts(block);
    } catch {
      return [];
    }
  });
}

/**
 * Trust rule: the chain's last certificate must be vouched for by a trust anchor (node's
 * bundled roots or the panel's CA bundle): either it was issued by one, or it is itself a
 * root that is one (same name, same key). A self-signed root the user merely pastes proves
 * nothing (anyone can make one and browsers would refuse it), so it is accepted only when it
 * is already trusted.
 */
function checkTrusted(chain: X509Certificate[], extraRootsPem: string | null | undefined): void {
  const last = chain[chain.length - 1]!;
  if (anchors(extraRootsPem).some((root) => issuedBy(last, root))) return;
  if (isSelfSigned(last)) {
    const what = chain.length === 1 ? `The certificate ${name(last)} is self-signed` : `The chain ends at ${name(last)}, a root certificate`;
    throw invalid(
      "chain_incomplete",
      `${what} that browsers do not trust. Use a certificate from a public certificate authority, or add this root to the panel's CA bundle.`,
      { untrustedRoot: last.subject },
    );
  }
  throw invalid(
    "chain_incomplete",
    `The chain stops at ${name(last)}, issued by ${describe(last.issuer)}, which is not included; add the intermediate certificate.`,
    { stopsAt: last.subject, missingIssuer: last.issuer },
  );
}

export function validateUpload(input: UploadInput): ValidUpload {
  limitSize(input.certPem, "certificate");
  limitSize(input.keyPem, "private key");
  const certs = parseCerts(input.certPem);
  const key = readKey(input.keyPem);

  // The key picks the leaf, so a leaf pasted after its intermediate is reported as "out of
  // order" rather than as a key that does not fit.
  const leaf = certs.find((c) => keyFits(c, key));
  if (!leaf) {
    throw invalid("key_mismatch", `The private key does not belong to the certificate ${name(certs[0]!)}. Upload the key it was issued for.`);
  }
  checkOrder(certs, leaf);

  const trailingRoot = certs.length > 1 && isSelfSigned(certs[certs.length - 1]!);
  // A root's own dates are the trust store's business: browsers use their copy, not ours.
  checkDates(trailingRoot ? certs.slice(0, -1) : certs, input.now ?? Date.now());

  const info = certs.map(certInfo);
  const leafInfo = info[0]!;
  const missing = input.hostnames.filter((h) => !covers(leafInfo.names, h));
  if (missing.length > 0) {
    throw invalid(
      "names_not_covered",
      `The certificate does not cover ${missing.join(", ")}. It is valid for: ${leafInfo.names.join(", ") || "no domain names"}. Use a certificate that includes every name the domain answers to.`,
      { missing, names: leafInfo.names },
    );
  }

  checkTrusted(certs, input.extraRootsPem);

  const blocks = splitPem(input.certPem);
  return {
    leaf: leafInfo,
    chain: info,
    fullchainPem: (trailingRoot ? blocks.slice(0, -1) : blocks).join(""),
    keyPem: key.export({ type: "pkcs8", format: "pem" }) as string,
  };
}
