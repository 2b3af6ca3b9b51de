// Adding a server: an admin gets a one-time token (only its hash is stored), the agent trades
// it, once and before it expires, for an identity: its public key bound to the server's row.
import { invalid, unauthorized, conflict } from "../lib/errors.ts";
import { sha256 } from "../lib/crypto.ts";
import { randomId } from "../lib/ids.ts";
import { importPublicKey, type RegisterRequest, type RegisterResponse } from "../protocol/index.ts";
import type { PublicServer, Servers } from "../servers/index.ts";
import type { PanelKey } from "./keys.ts";
import type { AgentTokensRepo } from "./repo.ts";

export const DEFAULT_TOKEN_TTL_MS = 60 * 60_000;

export interface NewServer {
  server: PublicServer;
  token: string;
  expiresAt: string;
  /** Run on the new server: registers and stays connected. */
  command: string;
  /** Registers, then installs and starts a systemd unit that reconnects on every boot. */
  install: string;
}

const UNIT = [
  "[Unit]",
  "Description=ServerKit agent",
  "After=network-online.target docker.service",
  "Wants=network-online.target",
  "[Service]",
  "ExecStart=/usr/local/bin/serverkit agent",
  "Restart=always",
  "RestartSec=5",
  "[Install]",
  "WantedBy=multi-user.target",
].join("\\n");

/** Shell-safe by construction: the token is base64url and the URL was parsed and re-serialised. */
function commands(token: string, panelUrl: string) {
  const command = `serverkit agent --token ${token} --panel ${panelUrl}`;
  const install =
    `/usr/local/bin/serverkit agent --token ${token} --panel ${panelUrl} --register-only` +
    ` && printf '${UNIT}\\n' > /etc/systemd/system/serverkit-agent.service` +
    ` && systemctl daemon-reload && systemctl enable --now serverkit-agent`;
  return { command, install };
}

export function normalisePanelUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid("bad_panel_url", "The panel URL is not a URL.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw invalid("bad_panel_url", "The panel URL must be http(s).");
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(url.host)) throw invalid("bad_panel_url", "The panel URL has an unusual host.");
  return url.origin;
}

export class Registration {
  constructor(
    private readonly tokens: AgentTokensRepo,
    private readonly servers: Servers,
    private readonly panelKey: PanelKey,
    private readonly ttlMs = DEFAULT_TOKEN_TTL_MS,
  ) {}

  async create(name: string, panelUrl: string): Promise<NewServer> {
    const origin = normalisePanelUrl(panelUrl);
    const server = await this.servers.createAgent(name);
    const token = randomId(32); // 256 bits
    const now = Date.now();
    await this.tokens.insert({ hash: sha256(token), serverId: server.id, expiresAt: now + this.ttlMs, createdAt: now });
    await this.tokens.prune(now - 24 * 3_600_000);
    return { server, token, expiresAt: new Date(now + this.ttlMs).toISOString(), ...commands(token, origin) };
  }

  /** A fresh token for a server that has not registered yet (the first one expired). */
  async renew(serverId: string, panelUrl: string): Promise<NewServer> {
    const server = await this.servers.describe(serverId);
    if (server.status !== "pending") throw conflict("server_registered", "This server already registered; revoke it and add it again.");
    const origin = normalisePanelUrl(panelUrl);
    const token = randomId(32);
    const now = Date.now();
    await this.tokens.revokeFor(serverId, now);
    await this.tokens.insert({ hash: sha256(token), serverId, expiresAt: now + this.ttlMs, createdAt: now });
    return { server, token, expiresAt: new Date(now + this.ttlMs).toISOString(), ...commands(token, origin) };
  }

  async register(req: RegisterRequest): Promise<RegisterResponse & { name: string }> {
    try {
      await importPublicKey(req.publicKey);
    } catch {
      throw invalid("bad_public_key", "publicKey must be a base64url Ed25519 public key (32 bytes).");
    }
    const hash = sha256(req.token);
    const now = Date.now();
    const serverId = await this.tokens.consume(hash, now);
    if (!serverId) {
      const row = await this.tokens.get(hash);
      if (!row) throw unauthorized("token_invalid", "Unknown registration token.");
      if (row.usedAt !== null) throw unauthorized("token_used", "This registration token was already used.");
      throw unauthorized("token_expired", "This registration token expired; create a new one in the panel.");
    }
    if (!(await this.servers.setPublicKey(serverId, req.publicKey))) {
      throw conflict("server_registered", "This server is already registered or was revoked.");
    }
    const server = await this.servers.describe(serverId);
    return { serverId, panelPublicKey: this.panelKey.publicKey, name: server.name };
  }
}
