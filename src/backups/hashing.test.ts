import { describe, expect, test } from "bun:test";
import { DomainError } from "../lib/errors.ts";
import { hashingTap, sha256OfStream } from "./hashing.ts";

const streamOf = (...pieces: string[]) => new Blob(pieces).stream();
// sha256("abc") and sha256("") from FIPS 180-2
const ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
const EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

describe("hashingTap", () => {
  test("passes bytes through unchanged and reports their sha256 and count", async () => {
    const tap = hashingTap();
    const out = await new Response(streamOf("a", "b", "c").pipeThrough(tap.stream)).text();
    expect(out).toBe("abc");
    expect(tap.digest()).toEqual({ sha256: ABC, bytes: 3 });
  });

  test("an empty stream has the empty digest", async () => {
    const tap = hashingTap();
    await new Response(streamOf().pipeThrough(tap.stream)).arrayBuffer();
    expect(tap.digest()).toEqual({ sha256: EMPTY, bytes: 0 });
  });

  test("refuses to give a digest before the stream has ended", () => {
    const tap = hashingTap();
    expect(() => tap.digest()).toThrow(DomainError);
  });
});

describe("sha256OfStream", () => {
  test("hashes a stream however it is cut", async () => {
    expect(await sha256OfStream(streamOf("ab", "c"))).toEqual({ sha256: ABC, bytes: 3 });
    expect(await sha256OfStream(streamOf())).toEqual({ sha256: EMPTY, bytes: 0 });
  });
});
