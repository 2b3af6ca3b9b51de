import { expect, test } from "bun:test";
import { ALPHABETS, generatePassword } from "./password.ts";

test("default: 32 URL-safe characters", () => {
  expect(generatePassword()).toMatch(/^[A-Za-z0-9_-]{32}$/);
});

test("length and charset are honoured", () => {
  expect(generatePassword(64, "hex")).toMatch(/^[0-9a-f]{64}$/);
  expect(generatePassword(20, "alphanumeric")).toMatch(/^[A-Za-z0-9]{20}$/);
});

test("no two passwords alike, and every character of the alphabet shows up", () => {
  const many = Array.from({ length: 200 }, () => generatePassword(32, "alphanumeric"));
  expect(new Set(many).size).toBe(many.length);
  const seen = new Set(many.join(""));
  expect(seen.size).toBe(ALPHABETS.alphanumeric.length);
});
