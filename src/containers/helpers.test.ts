import { describe, expect, test } from "bun:test";
import { parseSince } from "./containers.ts";
import { pullReference } from "./image-ref.ts";
import { everyInterval } from "./live.ts";
import { MASK, maskEnv } from "./mask.ts";

describe("container helpers", () => {
  test("env values of secret-looking keys are masked, others and odd entries kept", () => {
    expect(maskEnv(["DB_PASSWORD=hunter2", "api_key=abc", "GITHUB_TOKEN=x=y", "SECRET=", "PATH=/bin", "NOEQUALS"])).toEqual([
      `DB_PASSWORD=${MASK}`,
      `api_key=${MASK}`,
      `GITHUB_TOKEN=${MASK}`,
      `SECRET=${MASK}`,
      "PATH=/bin",
      "NOEQUALS",
    ]);
  });

  test("since: unix seconds or ISO", () => {
    expect(parseSince("1714557600")).toBe(1714557600);
    expect(parseSince("1714557600.5")).toBe(1714557600.5);
    expect(parseSince("2024-05-01T10:00:00Z")).toBe(1714557600);
    expect(() => parseSince("yesterday")).toThrow(/unix seconds or an ISO date/);
  });

  test("image references that docker pull accepts, and ones it does not", () => {
    for (const ok of ["nginx", "nginx:1.27-alpine", "library/nginx", "ghcr.io/owner/app:v1.2.3", "localhost:5000/a/b", "a/b@sha256:" + "a".repeat(64)]) {
      expect(pullReference.safeParse(ok).success).toBe(true);
    }
    for (const bad of ["", "Nginx", "nginx:", "-x", "a b", "nginx;rm -rf /", "a//b", "x:y:z"]) expect(pullReference.safeParse(bad).success).toBe(false);
  });

  test("stats pacing: the first sample, then one per interval", async () => {
    let clock = 0;
    async function* source() {
      for (let i = 0; i < 7; i++) {
        yield i;
        clock += 1000; // Docker's one sample a second
      }
    }
    const got: number[] = [];
    for await (const x of everyInterval(source(), 2000, () => clock)) got.push(x);
    expect(got).toEqual([0, 2, 4, 6]);
  });
});
