// Test support: a real PKI made by openssl in a temp dir (root -> intermediate -> leaves), so
// the tests exercise the same parsing and signature checks a real upload goes through. EC
// P-256 keys keep generation fast. Targets Debian 12's openssl 3.0: past and future validity
// come from `openssl ca -startdate/-enddate` (x509 -not_before only arrived in 3.4).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestPki {
  dir: string;
  root: string;
  intermediate: string;
  /** shop.example.com + www.shop.example.com, issued by the intermediate. */
  leaf: string;
  leafKey: string;
  /** *.example.com, issued by the intermediate. */
  wildcard: string;
  wildcardKey: string;
  /** A key that belongs to no certificate here. */
  otherKey: string;
  /** leafKey under the passphrase "secret" (PKCS8 encrypted). */
  encryptedKey: string;
  /** leafKey in the traditional "EC PRIVATE KEY" form. */
  traditionalKey: string;
  /** shop.example.com, valid only in January 2020. */
  expired: string;
  /** shop.example.com, valid from 2099. */
  future: string;
  /** Subject CN=legacy.example.com, no SAN extension; key is leafKey. */
  cnOnly: string;
  /** shop.example.com self-signed with leafKey. */
  selfSigned: string;
  /** An intermediate under a different root (did not issue any leaf here). */
  strayIntermediate: string;
  cleanup(): void;
}

function openssl(cwd: string, args: string[]): void {
  const r = Bun.spawnSync(["openssl", ...args], { cwd, stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`openssl ${args.join(" ")} failed: ${r.stderr.toString()}`);
}

const CA_EXT = ["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"];
const newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
const san = (...names: string[]) => ["-addext", `subjectAltName=${names.map((n) => `DNS:${n}`).join(",")}`];

export function makePki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), "sk-pki-"));
  const run = (...args: string[]) => openssl(dir, args);
  const read = (f: string) => readFileSync(join(dir, f), "utf8");

  const selfSignedCa = (name: string, subj: string) =>
    run("req", "-x509", ...newKey, "-keyout", `${name}.key`, "-out", `${name}.pem`, "-days", "3650", "-subj", subj, ...CA_EXT);
  // A CSR with its extensions, signed by `ca` with those extensions copied.
  const signed = (name: string, ca: string, subj: string, ext: string[], key?: string) => {
    const keyArgs = key ? ["-key", key] : [...newKey, "-keyout", `${name}.key`];
    run("req", "-new", ...keyArgs, "-out", `${name}.csr`, "-subj", subj, ...ext);
    run("x509", "-req", "-in", `${name}.csr`, "-CA", `${ca}.pem`, "-CAkey", `${ca}.key`, "-CAcreateserial", "-copy_extensions", "copyall", "-days", "365", "-out", `${name}.pem`);
  };

  selfSignedCa("root", "/O=ServerKit Root Org/CN=ServerKit Test Root");
  signed("int", "root", "/O=ServerKit Test CA/CN=ServerKit Test Intermediate", CA_EXT);
  signed("leaf", "int", "/CN=shop.example.com", san("shop.example.com", "www.shop.example.com"));
  signed("wild", "int", "/CN=*.example.com", san("*.example.com"));
  signed("other", "int", "/CN=other.example.com", san("other.example.com"));
  signed("cnonly", "int", "/CN=legacy.example.com", [], "leaf.key");
  selfSignedCa("root2", "/O=Elsewhere/CN=Other Root");
  signed("stray", "root2", "/O=Elsewhere/CN=Other Intermediate", CA_EXT);
  run("req", "-x509", "-key", "leaf.key", "-out", "self.pem", "-days", "30", "-subj", "/CN=shop.example.com", ...san("shop.example.com"));

  // `openssl ca` is the only 3.0 tool that takes explicit dates.
  writeFileSync(join(dir, "index.txt"), "");
  writeFileSync(join(dir, "serial"), "1000\n");
  writeFileSync(
    join(dir, "ca.cnf"),
    "[ca]\ndefault_ca = sk\n[sk]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\ndefault_md = sha256\npolicy = any\ncopy_extensions = copy\nunique_subject = no\n[any]\ncommonName = supplied\n",
  );
  const dated = (out: string, start: string, end: string) =>
    run("ca", "-batch", "-config", "ca.cnf", "-cert", "int.pem", "-keyfile", "int.key", "-in", "leaf.csr", "-out", out, "-startdate", start, "-enddate", end, "-notext");
  dated("expired.pem", "20200101000000Z", "20200201000000Z");
  dated("future.pem", "20990101000000Z", "20990201000000Z");

  run("pkey", "-in", "leaf.key", "-aes256", "-passout", "pass:secret", "-out", "leaf.enc.key");
  run("ec", "-in", "leaf.key", "-out", "leaf.trad.key");

  return {
    dir,
    root: read("root.pem"),
    intermediate: read("int.pem"),
    leaf: read("leaf.pem"),
    leafKey: read("leaf.key"),
    wildcard: read("wild.pem"),
    wildcardKey: read("wild.key"),
    otherKey: read("other.key"),
    encryptedKey: read("leaf.enc.key"),
    traditionalKey: read("leaf.trad.key"),
    expired: read("expired.pem"),
    future: read("future.pem"),
    cnOnly: read("cnonly.pem"),
    selfSigned: read("self.pem"),
    strayIntermediate: read("stray.pem"),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
