// The panel's Ed25519 signing key, in a 0600 file in the data dir and never in the database:
// someone holding a copy of the database alone must not be able to sign commands.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { generateSigningKey, importPrivateKey, publicKeyOf } from "../protocol/index.ts";

export interface PanelKey {
  key: CryptoKey;
  /** base64url raw public key, handed to agents when they register. */
  publicKey: string;
}

export const PANEL_KEY_FILE = "agent-signing.key";

export async function loadPanelKey(dataDir: string): Promise<PanelKey> {
  const path = join(dataDir, PANEL_KEY_FILE);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const pair = await generateSigningKey();
    try {
      writeFileSync(path, pair.privateKey + "\n", { mode: 0o600, flag: "wx" });
    } catch (err) {
      // Another process made it first (two panels on one data dir at start-up): use theirs.
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  chmodSync(path, 0o600);
  const pkcs8 = readFileSync(path, "utf8").trim();
  return { key: await importPrivateKey(pkcs8), publicKey: await publicKeyOf(pkcs8) };
}
