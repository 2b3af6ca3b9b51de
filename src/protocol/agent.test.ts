// The agent protocol's pure parts: frame decoding limits, the command gate, the replay cache.
import { describe, expect, test } from "bun:test";
import { agentFrameSchema, checkCommand, COMMAND_TTL_MS, decodeFrame, generateSigningKey, importPrivateKey, importPublicKey, MAX_FRAME_BYTES, ReplayCache, sign, verify } from "./index.ts";

const keys = await generateSigningKey();
const priv = await importPrivateKey(keys.privateKey);
const pub = await importPublicKey(keys.publicKey);
const now = 1_700_000_000_000;
const payload = (p: Record<string, unknown> = {}) =>
  JSON.stringify({ serverId: "srv-a", id: "c1", op: "server.facts", args: {}, nonce: "n1", expiresAt: now + 10_000, kind: "call", ...p });

describe("frames", () => {
  test("oversized frames are refused before parsing; bad JSON and bad shapes are malformed", () => {
    expect(decodeFrame(agentFrameSchema, "x".repeat(MAX_FRAME_BYTES + 1))).toMatchObject({ ok: false, code: "oversized" });
    expect(decodeFrame(agentFrameSchema, "{")).toMatchObject({ ok: false, code: "malformed" });
    expect(decodeFrame(agentFrameSchema, JSON.stringify({ v: 1, type: "hello" }))).toMatchObject({ ok: false, code: "malformed" });
    expect(decodeFrame(agentFrameSchema, new Uint8Array(4))).toMatchObject({ ok: false, code: "malformed" });
    expect(decodeFrame(agentFrameSchema, JSON.stringify({ v: 1, type: "hello", serverId: "srv-a", version: "1" }))).toMatchObject({ ok: true });
  });
});

describe("command gate", () => {
  const ctx = () => ({ panelKey: pub, serverId: "srv-a", now, replay: new ReplayCache() });

  test("a signed, current, first-seen command for this server passes, once", async () => {
    const c = ctx();
    const p = payload();
    const sig = await sign(priv, p);
    expect(await checkCommand(p, sig, c)).toMatchObject({ ok: true, command: { op: "server.facts" } });
    expect(await checkCommand(p, sig, c)).toMatchObject({ ok: false, code: "replay", id: "c1" });
  });

  test("signature, target, expiry and shape are each enforced", async () => {
    const other = await importPrivateKey((await generateSigningKey()).privateKey);
    expect(await checkCommand(payload(), await sign(other, payload()), ctx())).toMatchObject({ ok: false, code: "bad_signature" });
    expect(await checkCommand(payload() + " ", await sign(priv, payload()), ctx())).toMatchObject({ ok: false, code: "bad_signature" });
    const p2 = payload({ serverId: "srv-b" });
    expect(await checkCommand(p2, await sign(priv, p2), ctx())).toMatchObject({ ok: false, code: "wrong_target" });
    const p3 = payload({ expiresAt: now - 1 });
    expect(await checkCommand(p3, await sign(priv, p3), ctx())).toMatchObject({ ok: false, code: "expired" });
    const p4 = payload({ expiresAt: now + COMMAND_TTL_MS * 10 });
    expect(await checkCommand(p4, await sign(priv, p4), ctx())).toMatchObject({ ok: false, code: "expired" });
    const p5 = payload({ kind: "rm -rf" });
    expect(await checkCommand(p5, await sign(priv, p5), ctx())).toMatchObject({ ok: false, code: "malformed" });
    expect(await verify(pub, "x", "!!not-base64")).toBe(false);
  });

  test("the replay cache forgets expired nonces and stays bounded", () => {
    const cache = new ReplayCache(3);
    expect(cache.claim("a", now + 10, now)).toBe(true);
    expect(cache.claim("a", now + 10, now)).toBe(false);
    expect(cache.claim("b", now + 10, now + 20)).toBe(true); // "a" expired: dropped
    expect(cache.size).toBe(1);
    for (const n of ["c", "d", "e", "f"]) cache.claim(n, now + 1000, now + 20);
    expect(cache.size).toBeLessThanOrEqual(3);
  });
});
