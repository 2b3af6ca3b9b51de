import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { DomainError } from "../lib/errors.ts";
import { covers, inspectChain, splitPem } from "./inspect.ts";
import { makePki, type TestPki } from "./test-certs.ts";

let pki: TestPki;
beforeAll(() => {
  pki = makePki();
});
afterAll(() => pki.cleanup());

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

/** What openssl itself says about a certificate, to check our reading against. */
function opensslSays(pem: string): { serial: string; fingerprint: string } {
  const r = Bun.spawnSync(["openssl", "x509", "-noout", "-serial", "-fingerprint", "-sha256"], { stdin: Buffer.from(pem), stdout: "pipe" });
  const out = r.stdout.toString();
  return { serial: /serial=(\S+)/.exec(out)![1]!, fingerprint: /Fingerprint=(\S+)/.exec(out)![1]! };
}

describe("splitPem", () => {
  test("finds every block and normalises line endings, indentation and wrapping", () => {
    const messy = `subject=CN = shop.example.com\r\n${pki.leaf.replace(/\n/g, "\r\n    ")}\nissuer=...\n${pki.intermediate}`;
    const blocks = splitPem(messy);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toBe(pki.leaf);
    expect(blocks[1]).toBe(pki.intermediate);
    // one long base64 line is re-wrapped at 64 columns
    const oneLine = pki.leaf.replace(/\n(?!-----END)/g, "").replace("-----BEGIN CERTIFICATE-----", "-----BEGIN CERTIFICATE-----\n");
    expect(splitPem(oneLine)[0]).toBe(pki.leaf);
  });

  test("text without certificate blocks gives none", () => {
    expect(splitPem("hello")).toEqual([]);
    expect(splitPem(pki.leafKey)).toEqual([]);
  });
});

describe("inspectChain", () => {
  test("reads names, subject, issuer, serial, fingerprint and self-signedness of each certificate in order", () => {
    const [leaf, int, root] = inspectChain(pki.leaf + pki.intermediate + pki.root);
    expect(leaf!.names).toEqual(["shop.example.com", "www.shop.example.com"]);
    expect(leaf!.subject).toBe("shop.example.com");
    expect(leaf!.issuer).toBe("ServerKit Test CA");
    expect(leaf!.selfSigned).toBe(false);
    const told = opensslSays(pki.leaf);
    expect(leaf!.serial).toBe(told.serial);
    expect(leaf!.fingerprint256).toBe(told.fingerprint);

    expect(int!.subject).toBe("ServerKit Test Intermediate");
    expect(int!.issuer).toBe("ServerKit Root Org");
    expect(int!.names).toEqual([]); // a CA's CN is a label, not a host it serves
    expect(root!.selfSigned).toBe(true);
  });

  test("validity dates are the certificate's, in ms", () => {
    const [expired] = inspectChain(pki.expired);
    expect(expired!.notBefore).toBe(Date.UTC(2020, 0, 1));
    expect(expired!.notAfter).toBe(Date.UTC(2020, 1, 1));
    const [leaf] = inspectChain(pki.leaf);
    // issued with -days 365 just now
    expect(Math.abs(leaf!.notAfter - leaf!.notBefore - 365 * 86_400_000)).toBeLessThan(1000);
    expect(Math.abs(leaf!.notBefore - Date.now())).toBeLessThan(60_000);
  });

  test("a wildcard certificate lists the wildcard name", () => {
    expect(inspectChain(pki.wildcard)[0]!.names).toEqual(["*.example.com"]);
  });

  test("a certificate without SAN falls back to its CN", () => {
    expect(inspectChain(pki.cnOnly)[0]!.names).toEqual(["legacy.example.com"]);
  });

  test("junk, empty text and damaged blocks are refused as invalid_certificate", () => {
    for (const text of ["", "not a certificate", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"]) {
      const err = refusal(() => inspectChain(text));
      expect(err.code).toBe("invalid_certificate");
      expect(err.kind).toBe("invalid");
    }
    expect(refusal(() => inspectChain(pki.leaf + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")).message).toContain(
      "Certificate 2 of 2",
    );
  });

  test("a private key pasted as the certificate is called out", () => {
    const err = refusal(() => inspectChain(pki.leafKey));
    expect(err.code).toBe("invalid_certificate");
    expect(err.message).toContain("looks like a private key");
  });
});

describe("covers", () => {
  const table: [string[], string, boolean][] = [
    [["shop.example.com"], "shop.example.com", true],
    [["shop.example.com"], "SHOP.Example.COM", true],
    [["SHOP.example.com"], "shop.example.com", true],
    [["shop.example.com"], "shop.example.com.", true],
    [["shop.example.com"], "www.shop.example.com", false],
    [["*.example.com"], "a.example.com", true],
    [["*.EXAMPLE.com"], "A.example.com", true],
    [["*.example.com"], "example.com", false],
    [["*.example.com"], "a.b.example.com", false],
    [["*.example.com"], "a.example.org", false],
    [["*.example.com"], "*.example.com", true],
    [["a.example.com"], "*.example.com", false],
    [["*.example.com"], "*.a.example.com", false],
    [["example.com", "*.example.com"], "example.com", true],
    [[], "example.com", false],
  ];
  test.each(table)("%p covers %p: %p", (names, host, want) => {
    expect(covers(names, host)).toBe(want);
  });
});
