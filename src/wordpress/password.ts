// A new admin password and a hash every WordPress accepts. bcrypt: WordPress 6.8+ checks a
// hash that is neither its own `$wp$` nor phpass `$P$` with password_verify(), and older
// releases' phpass falls back to crypt() for such hashes. Bun writes the `$2b$` tag; PHP's
// crypt() has long known bcrypt as `$2y$` (same algorithm, the tag PHP itself writes).
import { randomBytes } from "node:crypto";

/** 24 characters, 144 bits, [A-Za-z0-9_-]. */
export const newPassword = () => randomBytes(18).toString("base64url");

export async function wordpressHash(password: string): Promise<string> {
  const hash = await Bun.password.hash(password, { algorithm: "bcrypt", cost: 10 });
  return hash.replace(/^\$2[abxy]\$/, "$2y$");
}
