// Secrets at rest: AES-256-GCM under a 32-byte key kept in the data dir (mode 0600).
// Format: "v1:" + base64url(iv[12] | tag[16] | ciphertext). Node's crypto does the work;
// we only choose parameters and framing.
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const VERSION = "v1:";

export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error("secret key must be 32 bytes");
  }

  /** Loads the key file, creating it (0600) on first start. */
  static fromKeyFile(path: string): SecretBox {
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      writeFileSync(path, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
    }
    chmodSync(path, 0o600);
    const key = Buffer.from(readFileSync(path, "utf8").trim(), "base64");
    return new SecretBox(key);
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return VERSION + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString("base64url");
  }

  decrypt(sealed: string): string {
    if (!sealed.startsWith(VERSION)) throw new Error("unknown secret format");
    const raw = Buffer.from(sealed.slice(VERSION.length), "base64url");
    const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  }

  /** A key for a named purpose (e.g. signing 2FA challenges), derived so the master key is never reused raw. */
  deriveKey(purpose: string): Uint8Array {
    return new Uint8Array(createHash("sha256").update(this.key).update("\0" + purpose).digest());
  }
}

/** For high-entropy tokens (sessions, API tokens, recovery codes) a fast hash is the right tool. */
export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
