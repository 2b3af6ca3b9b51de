// The stored hash is checked by PHP itself (php-cli on the test machine), the way both
// WordPress generations do: password_verify() (6.8+) and crypt() === hash (phpass fallback).
// php-cli is required (Debian package php-cli), not optional: without it nothing is proven.
import { describe, expect, test } from "bun:test";
import { newPassword, wordpressHash } from "./password.ts";

async function php(code: string, ...args: string[]): Promise<string> {
  const p = Bun.spawn(["php", "-r", code, "--", ...args], { stdout: "pipe", stderr: "pipe" });
  const [out, err, exit] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  if (exit !== 0) throw new Error(`php failed: ${err}`);
  return out;
}

describe("wordpressHash", () => {
  test("PHP's password_verify and phpass-style crypt() accept the new password and refuse another", async () => {
    const pw = newPassword();
    expect(pw).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const hash = await wordpressHash(pw);
    expect(hash.startsWith("$2y$10$")).toBe(true);
    const code = "var_dump(password_verify($argv[1], $argv[2])); var_dump(crypt($argv[1], $argv[2]) === $argv[2]);";
    expect(await php(code, pw, hash)).toBe("bool(true)\nbool(true)\n");
    expect(await php(code, `${pw}x`, hash)).toBe("bool(false)\nbool(false)\n");
  });

  test("two resets never give the same password", () => {
    expect(newPassword()).not.toBe(newPassword());
  });
});
