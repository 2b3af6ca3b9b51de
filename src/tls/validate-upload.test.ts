import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { X509Certificate, createPrivateKey } from "node:crypto";
import { DomainError } from "../lib/errors.ts";
import { splitPem } from "./inspect.ts";
import { makePki, type TestPki } from "./test-certs.ts";
import { validateUpload, type UploadInput } from "./validate-upload.ts";

let pki: TestPki;
beforeAll(() => {
  pki = makePki();
});
afterAll(() => pki.cleanup());

const SHOP = ["shop.example.com", "www.shop.example.com"];

/** A leaf + intermediate for the shop names, trusting the test root: the usual good upload. */
const good = (over: Partial<UploadInput> = {}): UploadInput => ({
  certPem: pki.leaf + pki.intermediate,
  keyPem: pki.leafKey,
  hostnames: SHOP,
  extraRootsPem: pki.root,
  ...over,
});

function refusal(input: UploadInput): DomainError {
  try {
    validateUpload(input);
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("accepted uploads", () => {
  test("leaf + intermediate, root in the CA bundle: full chain leaf first, key as PKCS8", () => {
    const v = validateUpload(good());
    expect(v.leaf.names).toEqual(SHOP);
    expect(v.chain.map((c) => c.subject)).toEqual(["shop.example.com", "ServerKit Test Intermediate"]);
    expect(splitPem(v.fullchainPem)).toEqual([pki.leaf, pki.intermediate]);
    expect(v.keyPem.startsWith("-----BEGIN PRIVATE KEY-----\n")).toBe(true);
    expect(new X509Certificate(pki.leaf).checkPrivateKey(createPrivateKey(v.keyPem))).toBe(true);
  });

  test("a trailing root that is trusted is accepted and left out of the full chain", () => {
    const v = validateUpload(good({ certPem: pki.leaf + pki.intermediate + pki.root }));
    expect(splitPem(v.fullchainPem)).toEqual([pki.leaf, pki.intermediate]);
    expect(v.chain).toHaveLength(3);
  });

  test("CRLF and surrounding text are normalised away", () => {
    const v = validateUpload(good({ certPem: `subject=shop\r\n${(pki.leaf + pki.intermediate).replace(/\n/g, "\r\n")}`, keyPem: pki.leafKey.replace(/\n/g, "\r\n") }));
    expect(v.fullchainPem).not.toContain("\r");
    expect(v.fullchainPem.startsWith("-----BEGIN CERTIFICATE-----")).toBe(true);
  });

  test("a traditional EC PRIVATE KEY is converted to PKCS8", () => {
    const v = validateUpload(good({ keyPem: pki.traditionalKey }));
    expect(v.keyPem).toContain("-----BEGIN PRIVATE KEY-----");
    expect(v.keyPem).not.toContain("EC PRIVATE KEY");
  });

  test("a wildcard covers each single-label name under it", () => {
    const v = validateUpload(good({ certPem: pki.wildcard + pki.intermediate, keyPem: pki.wildcardKey, hostnames: ["a.example.com", "B.example.com", "*.example.com"] }));
    expect(v.leaf.names).toEqual(["*.example.com"]);
  });

  test("a self-signed certificate the panel's CA bundle trusts is accepted", () => {
    const v = validateUpload(good({ certPem: pki.selfSigned, hostnames: ["shop.example.com"], extraRootsPem: pki.selfSigned }));
    expect(splitPem(v.fullchainPem)).toEqual([pki.selfSigned]); // the only certificate is never dropped
  });
});

describe("refusals", () => {
  test("too_large: input over 64 KiB", () => {
    const big = pki.leaf + "x".repeat(64 * 1024);
    expect(refusal(good({ certPem: big })).code).toBe("too_large");
    const err = refusal(good({ keyPem: pki.leafKey + " ".repeat(64 * 1024) }));
    expect(err.code).toBe("too_large");
    expect(err.message).toContain("private key");
  });

  test("invalid_certificate: not PEM, or a damaged block", () => {
    expect(refusal(good({ certPem: "hello" })).code).toBe("invalid_certificate");
    expect(refusal(good({ certPem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----" })).code).toBe("invalid_certificate");
  });

  test("invalid_key: junk, a certificate, an encrypted key", () => {
    expect(refusal(good({ keyPem: "hello" })).code).toBe("invalid_key");
    expect(refusal(good({ keyPem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----" })).message).toContain("could not be read");
    const cert = refusal(good({ keyPem: pki.leaf }));
    expect(cert.code).toBe("invalid_key");
    expect(cert.message).toContain("holds a certificate");
    const enc = refusal(good({ keyPem: pki.encryptedKey }));
    expect(enc.code).toBe("invalid_key");
    expect(enc.message).toContain("passphrase");
  });

  test("key_mismatch: the key belongs to another certificate", () => {
    const err = refusal(good({ keyPem: pki.otherKey }));
    expect(err.code).toBe("key_mismatch");
    expect(err.message).toContain('"shop.example.com"');
  });

  test("certificate_expired / certificate_not_yet_valid, with the date", () => {
    const expired = refusal(good({ certPem: pki.expired + pki.intermediate }));
    expect(expired.code).toBe("certificate_expired");
    expect(expired.message).toContain("2020-02-01");
    const future = refusal(good({ certPem: pki.future + pki.intermediate }));
    expect(future.code).toBe("certificate_not_yet_valid");
    expect(future.message).toContain("2099-01-01");
    // the clock can be given: the good chain a year and a day from now
    expect(refusal(good({ now: Date.now() + 366 * 86_400_000 })).code).toBe("certificate_expired");
  });

  test("names_not_covered lists the uncovered hostnames and the certificate's names", () => {
    const err = refusal(good({ hostnames: [...SHOP, "api.shop.example.com", "shop.example.org"] }));
    expect(err.code).toBe("names_not_covered");
    expect(err.message).toContain("api.shop.example.com, shop.example.org");
    expect(err.message).toContain("shop.example.com, www.shop.example.com");
    expect(err.details).toEqual({ missing: ["api.shop.example.com", "shop.example.org"], names: SHOP });
    // a wildcard does not cover the bare domain
    const bare = refusal(good({ certPem: pki.wildcard + pki.intermediate, keyPem: pki.wildcardKey, hostnames: ["example.com", "a.example.com"] }));
    expect(bare.details).toEqual({ missing: ["example.com"], names: ["*.example.com"] });
  });

  test("chain_incomplete: leaf alone names the missing intermediate", () => {
    const err = refusal(good({ certPem: pki.leaf }));
    expect(err.code).toBe("chain_incomplete");
    expect(err.message).toContain('stops at "shop.example.com", issued by "ServerKit Test Intermediate" (ServerKit Test CA), which is not included');
    expect(err.message).toContain("add the intermediate certificate");
  });

  test("chain_incomplete: leaf + intermediate whose root nobody trusts", () => {
    const err = refusal(good({ extraRootsPem: null }));
    expect(err.code).toBe("chain_incomplete");
    expect(err.message).toContain('stops at "ServerKit Test Intermediate" (ServerKit Test CA), issued by "ServerKit Test Root"');
  });

  test("chain_incomplete: a chain ending at a pasted, untrusted root", () => {
    const err = refusal(good({ certPem: pki.leaf + pki.intermediate + pki.root, extraRootsPem: null }));
    expect(err.code).toBe("chain_incomplete");
    expect(err.message).toContain('ends at "ServerKit Test Root" (ServerKit Root Org), a root certificate that browsers do not trust');
  });

  test("chain_incomplete: a self-signed certificate", () => {
    const err = refusal(good({ certPem: pki.selfSigned, hostnames: ["shop.example.com"] }));
    expect(err.code).toBe("chain_incomplete");
    expect(err.message).toContain("is self-signed");
  });

  test("chain_incomplete: an intermediate that did not issue the leaf", () => {
    const err = refusal(good({ certPem: pki.leaf + pki.strayIntermediate }));
    expect(err.code).toBe("chain_incomplete");
    expect(err.message).toContain('"Other Intermediate" (Elsewhere) did not issue it');
  });

  test("chain_out_of_order: says the expected order instead of reordering", () => {
    const err = refusal(good({ certPem: pki.intermediate + pki.leaf }));
    expect(err.code).toBe("chain_out_of_order");
    expect(err.message).toContain('1. "shop.example.com", 2. "ServerKit Test Intermediate" (ServerKit Test CA)');
    const withRoot = refusal(good({ certPem: pki.leaf + pki.root + pki.intermediate }));
    expect(withRoot.code).toBe("chain_out_of_order");
    expect(withRoot.message).toContain('2. "ServerKit Test Intermediate" (ServerKit Test CA), 3. "ServerKit Test Root" (ServerKit Root Org)');
  });
});
