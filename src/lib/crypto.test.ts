import { describe, expect, test } from "bun:test";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SecretBox } from "./crypto.ts";

describe("SecretBox", () => {
  test("round-trips and never stores plaintext", () => {
    const dir = mkdtempSync(join(tmpdir(), "sk-crypto-"));
    const box = SecretBox.fromKeyFile(join(dir, "secret.key"));
    const sealed = box.encrypt("db-password-123");
    expect(sealed).not.toContain("db-password-123");
    expect(box.decrypt(sealed)).toBe("db-password-123");
    expect(box.encrypt("x")).not.toBe(box.encrypt("x"));
    expect(statSync(join(dir, "secret.key")).mode & 0o777).toBe(0o600);
  });

  test("the same key file opens old secrets; tampering is detected", () => {
    const dir = mkdtempSync(join(tmpdir(), "sk-crypto-"));
    const sealed = SecretBox.fromKeyFile(join(dir, "k")).encrypt("hello");
    const again = SecretBox.fromKeyFile(join(dir, "k"));
    expect(again.decrypt(sealed)).toBe("hello");
    const tampered = sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA");
    expect(() => again.decrypt(tampered)).toThrow();
  });
});
