// Ed25519 through WebCrypto: keys as base64url (public: raw 32 bytes, private: PKCS#8).
// Pure computation, no I/O; callers decide where keys live.
const ALG = "Ed25519";
const enc = new TextEncoder();

const toB64 = (buf: ArrayBuffer): string => Buffer.from(buf).toString("base64url");
const fromB64 = (text: string): Uint8Array<ArrayBuffer> => {
  const buf = Buffer.from(text, "base64url");
  const out = new Uint8Array(new ArrayBuffer(buf.length));
  out.set(buf);
  return out;
};

export interface KeyPairText {
  publicKey: string;
  privateKey: string;
}

export async function generateSigningKey(): Promise<KeyPairText> {
  const pair = (await crypto.subtle.generateKey({ name: ALG }, true, ["sign", "verify"])) as unknown as CryptoKeyPair;
  return {
    publicKey: toB64(await crypto.subtle.exportKey("raw", pair.publicKey)),
    privateKey: toB64(await crypto.subtle.exportKey("pkcs8", pair.privateKey)),
  };
}

export const importPrivateKey = (pkcs8: string): Promise<CryptoKey> =>
  crypto.subtle.importKey("pkcs8", fromB64(pkcs8), { name: ALG }, false, ["sign"]);

export async function importPublicKey(raw: string): Promise<CryptoKey> {
  const bytes = fromB64(raw);
  if (bytes.length !== 32) throw new Error("an Ed25519 public key is 32 bytes");
  return crypto.subtle.importKey("raw", bytes, { name: ALG }, false, ["verify"]);
}

/** The public half of a private key (to check a key file against what the other side holds). */
export async function publicKeyOf(pkcs8: string): Promise<string> {
  const key = await crypto.subtle.importKey("pkcs8", fromB64(pkcs8), { name: ALG }, true, ["sign"]);
  const jwk = await crypto.subtle.exportKey("jwk", key);
  return jwk.x!;
}

export async function sign(key: CryptoKey, text: string): Promise<string> {
  return toB64(await crypto.subtle.sign(ALG, key, enc.encode(text)));
}

export async function verify(key: CryptoKey, text: string, sig: string): Promise<boolean> {
  try {
    return await crypto.subtle.verify(ALG, key, fromB64(sig), enc.encode(text));
  } catch {
    return false;
  }
}

/** What the agent signs to answer a challenge: bound to this purpose, this nonce and this server. */
export const authMessage = (nonce: string, serverId: string): string => `serverkit-agent-auth\n${nonce}\n${serverId}`;
