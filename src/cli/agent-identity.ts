// The agent's identity on disk: its server id, the panel it belongs to, the panel's public key
// and its own Ed25519 private key, in one 0600 file. Made once, by trading a registration token.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { Handlers } from "../docker/index.ts";
import { generateSigningKey, registerResponseSchema, type RegisterRequest } from "../protocol/index.ts";
import { fail } from "./args.ts";

const identitySchema = z.object({
  serverId: z.string(),
  name: z.string().optional(),
  panelUrl: z.string().url(),
  panelPublicKey: z.string(),
  privateKey: z.string(),
  publicKey: z.string(),
});
export type Identity = z.infer<typeof identitySchema>;

export const identityPath = (dataDir: string) => join(dataDir, "identity.json");

export function readIdentity(dataDir: string): Identity | null {
  const path = identityPath(dataDir);
  if (!existsSync(path)) return null;
  chmodSync(path, 0o600);
  return identitySchema.parse(JSON.parse(readFileSync(path, "utf8")));
}

/** https only, unless plain http was explicitly allowed (local testing). */
export function checkPanelUrl(raw: string, allowInsecure: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail(`--panel: "${raw}" is not a URL`);
  }
  if (url.protocol === "http:" && !allowInsecure) fail("--panel must be https:// (plain http only with --allow-insecure, for local testing)");
  if (url.protocol !== "https:" && url.protocol !== "http:") fail("--panel must be an https:// URL");
  return url.origin;
}

const FACTS_WAIT_MS = 5000;

export async function register(o: { dataDir: string; panelUrl: string; token: string; handlers: Handlers }): Promise<Identity> {
  const pair = await generateSigningKey();
  // The facts only name the server in the panel's audit log (the panel asks for them again once
  // connected): a slow Docker must not hold up registration.
  const facts = await Promise.race([o.handlers.calls["server.facts"]({}).catch(() => null), Bun.sleep(FACTS_WAIT_MS).then(() => null)]);
  const body: RegisterRequest = { token: o.token, publicKey: pair.publicKey, facts };
  let res: Response;
  try {
    res = await fetch(`${o.panelUrl}/api/v1/agents/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (err) {
    fail(`cannot reach the panel at ${o.panelUrl}: ${(err as Error).message}`);
  }
  const json = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (res.status !== 201) fail(`registration refused (${res.status} ${json?.error?.code ?? ""}): ${json?.error?.message ?? "no reason given"}`);
  const answer = registerResponseSchema.extend({ name: z.string().optional() }).parse(json);
  const identity: Identity = { ...answer, panelUrl: o.panelUrl, privateKey: pair.privateKey, publicKey: pair.publicKey };
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(identityPath(o.dataDir), JSON.stringify(identity, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  return identity;
}
