import { describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { DomainError } from "../lib/errors.ts";
import { canonicalJson, signManifest, verifyManifest, type Manifest } from "./manifest.ts";

const key = new Uint8Array(randomBytes(32));

const body: Omit<Manifest, "mac"> = {
  version: 1,
  backupId: "bk_01HZX",
  createdAt: "2025-01-02T03:04:05.678Z",
  app: { id: 7, name: "shop" },
  database: { id: 3, engine: "mariadb", name: "shop-db" },
  parts: [
    { id: "bk_01HZX/001-volume.tar.zst.sealed", kind: "volume", name: "shop_data", file: "001-volume.tar.zst.sealed", format: "tar.zst", bytes: 1234, sha256: "a".repeat(64), plainBytes: 1200 },
    {
      id: "bk_01HZX/002-database.sql.zst.sealed",
      kind: "database",
      name: "shop",
      file: "002-database.sql.zst.sealed",
      format: "sql.zst",
      bytes: 99,
      sha256: "b".repeat(64),
      plainBytes: 80,
      meta: { engine: "mariadb", rows: { orders: 12, users: 3 } },
    },
  ],
};

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error("expected an error");
}

/** Every leaf of a JSON value, as a path and the value there. */
function leaves(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; value: unknown }[] {
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, Array.isArray(value) ? Number(k) : k]));
  }
  return [{ path, value }];
}

/** `value` changed by one character (strings) or by one (numbers); booleans and null flip. */
function nudged(value: unknown): unknown {
  if (typeof value === "string") return value.slice(0, -1) + (value.endsWith("1") ? "2" : "1");
  if (typeof value === "number") return value + 1;
  return value === null ? 0 : !value;
}

describe("signManifest / verifyManifest", () => {
  test("a signed manifest verifies after being written and read back, pretty-printed or not", () => {
    const signed = signManifest(key, body);
    expect(signed.mac).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyManifest(key, JSON.stringify(signed, null, 2))).toEqual(signed);
    expect(verifyManifest(key, JSON.stringify(signed))).toEqual(signed);
  });

  test("key order does not matter, because the MAC is over canonical JSON", () => {
    const signed = signManifest(key, body);
    const reordered = Object.fromEntries(Object.entries(signed).reverse());
    expect(verifyManifest(key, JSON.stringify(reordered)).backupId).toBe("bk_01HZX");
  });

  test("a change to any single field is a mismatch", () => {
    const signed = signManifest(key, body);
    const all = leaves(signed).filter((l) => l.path[0] !== "mac");
    expect(all.length).toBeGreaterThan(20);
    for (const leaf of all) {
      const copy = JSON.parse(JSON.stringify(signed)) as Record<string, unknown>;
      let at: Record<string | number, unknown> = copy;
      for (const step of leaf.path.slice(0, -1)) at = at[step] as Record<string | number, unknown>;
      at[leaf.path.at(-1)!] = nudged(leaf.value);
      const err = errorOf(() => verifyManifest(key, JSON.stringify(copy)));
      expect([leaf.path.join("."), err.code]).toEqual([leaf.path.join("."), "manifest_mismatch"]);
    }
  });

  test("no single-byte change anywhere in the file verifies", () => {
    const text = JSON.stringify(signManifest(key, body));
    const bytes = new TextEncoder().encode(text);
    const seen = new Set<string>();
    for (let i = 0; i < bytes.length; i++) {
      const copy = bytes.slice();
      copy[i]! ^= 0x01;
      seen.add(errorOf(() => verifyManifest(key, new TextDecoder().decode(copy))).code);
    }
    expect([...seen].sort()).toEqual(["manifest_invalid", "manifest_mismatch"]);
  });

  test("an added or removed field, a removed part, or another key is a mismatch", () => {
    const signed = signManifest(key, body);
    const cases = [
      { ...signed, extra: true },
      { ...signed, database: undefined },
      { ...signed, parts: signed.parts.slice(1) },
      { ...signed, parts: [...signed.parts].reverse() },
    ];
    for (const c of cases) expect(errorOf(() => verifyManifest(key, JSON.stringify(c))).code).toBe("manifest_mismatch");
    const other = errorOf(() => verifyManifest(new Uint8Array(randomBytes(32)), JSON.stringify(signed)));
    expect(other.code).toBe("manifest_mismatch");
    expect(other.message).toContain("different secret key");
  });

  test("junk is invalid, not a mismatch", () => {
    for (const junk of ["", "not json", "[]", "null", "42", '{"version":1}', '{"mac":"zz"}']) {
      expect(errorOf(() => verifyManifest(key, junk)).code).toBe("manifest_invalid");
    }
  });

  test("a malformed manifest is refused at signing, so none is ever written", () => {
    const bad = { ...body, parts: [{ ...body.parts[0]!, file: "../../etc/passwd" }] };
    const err = errorOf(() => signManifest(key, bad));
    expect(err.code).toBe("manifest_invalid");
    expect(err.message).toContain("parts.0.file");
    const dup = { ...body, parts: [body.parts[0]!, body.parts[0]!] };
    expect(errorOf(() => signManifest(key, dup)).message).toContain("unique");
  });
});

describe("canonicalJson", () => {
  test("sorts keys at every level and drops undefined fields", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });
});
