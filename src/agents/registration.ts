// Adding a server: an admin gets a one-time token (only its hash is stored), the agent trades
// it, once and before it expires, for an identity: its public key bound to the server's row.
import { invalid, unauthorized, conflict } from "../lib/errors.ts";
import { sha256 } from "../lib/crypto.ts";
import { randomId } from "../lib/ids.ts";
import { importPublicKey, type RegisterRequest, type RegisterResponse } from "../protocol/index.ts";
import type { PublicServer, Servers } from "../servers/index.ts";
import type { AgentBinary } from "./binary.ts";
import type { PanelKey } from "./keys.ts";
import type { AgentTokensRepo } from "./repo.ts";

export const DEFAULT_TOKEN_TTL_MS = 60 * 60_000;

export interface NewServer {
  server: PublicServer;
  token: string;
  expiresAt: string;
  /** Run on the new server: registers and stays connected. */
  command: string;
  /** Fetches the binary from the panel and checks its sha256; null when the panel runs from source. */
  download: string | null;
  /** (Downloads the binary,) registers, then installs and starts a systemd unit that reconnects on every boot. */
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

export const BINARY_PATH = "/api/v1/agents/binary";
export const BINARY_TOKEN_HEADER = "X-Registration-Token";
const BIN = "/usr/local/bin/serverkit";

/**
 * Shell-safe by construction: the token is base64url, the URL was parsed and re-serialised
 * (origin only), the checksum is hex. sha256 is null when the panel has no binary to serve.
 * `--token=` in one word: a base64url token starts with "-" one time in 64, and as a separate
 * word the option parser would take it for an option and refuse the command.
 */
function commands(token: string, panelUrl: string, sha256: string | null) {
  const command = `serverkit agent --token=${token} --panel ${panelUrl}`;
  // Downloaded beside the target and renamed only once the checksum matched, so a cut
  // download or a tampered file never becomes /usr/local/bin/serverkit.
  const download =
    sha256 === null
      ? null
      : `curl -fsSL -H '${BINARY_TOKEN_HEADER}: ${token}' -o ${BIN}.download '${panelUrl}${BINARY_PATH}'` +
        ` && echo '${sha256}  ${BIN}.download' | sha256sum -c --quiet -` +
        ` && chmod 0755 ${BIN}.download && mv -f ${BIN}.download ${BIN}`;
  const register =
    `${BIN} agent --token=${token} --panel ${panelUrl} --register-only` +
    ` && printf '${UNIT}\\n' > /etc/systemd/system/serverkit-agent.service` +
    ` && systemctl daemon-reload && systemctl enable --now serverkit-agent`;
  return { command, download, install: download === null ? register : `${download} && ${register}` };
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
    private readonly binary: AgentBinary,
    private readonly ttlMs = DEFAULT_TOKEN_TTL_MS,
  ) {}

  private async commands(token: string, origin: string) {
    const sha = this.binary.available ? (await this.binary.describe()).sha256 : null;
    return commands(token, origin, sha);
  }

  async create(name: string, panelUrl: string): Promise<NewServer> {
    const origin = normalisePanelUrl(panelUrl);
    const server = await this.servers.createAgent(name);
    const token = randomId(32); // 256 bits
    const now = Date.now();
    await this.tokens.insert({ hash: sha256(token), serverId: server.id, expiresAt: now + this.ttlMs, createdAt: now });
    await this.tokens.prune(now - 24 * 3_600_000);
    return { server, token, expiresAt: new Date(now + this.ttlMs).toISOString(), ...(await this.commands(token, origin)) };
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
    return { server, token, expiresAt: new Date(now + this.ttlMs).toISOString(), ...(await this.commands(token, origin)) };
  }

  async register(req: RegisterRequest): Promise<RegisterResponse & { name: string }> {
    try {
      await importPublicKey(req.publicKey);
    } catch {
      throw invalid("bad_public_key", "publicKey must be a base64url Ed25519 public key (32 bytes).");
    }
    const hash = sha256(req.token);
    const serverId = (await this.tokens.consume(hash, Date.now())) ?? (await this.refuse(hash));
    if (!(await this.servers.setPublicKey(serverId, req.publicKey))) {
      throw conflict("server_registered", "This server is already registered or was revoked.");
    }
    const server = await this.servers.describe(serverId);
    return { serverId, panelPublicKey: this.panelKey.publicKey, name: server.name };
  }

  /** A token that could still register (known, unused, unexpired): it may fetch the binary. Returns its server id. */
  async check(token: string | undefined): Promise<string> {
    if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw unauthorized("token_invalid", "Unknown registration token.");
    const hash = sha256(token);
    const row = await this.tokens.get(hash);
    if (!row || row.usedAt !== null || row.expiresAt <= Date.now()) return this.refuse(hash);
    return row.serverId;
  }

  /** Says why a token was refused: unknown, used or expired. */
  private async refuse(hash: string): Promise<never> {
    const row = await this.tokens.get(hash);
    if (!row) throw unauthorized("token_invalid", "Unknown registration token.");
    if (row.usedAt !== null) throw unauthorized("token_used", "This registration token was already used.");
    throw unauthorized("token_expired", "This registration token expired; create a new one in the panel.");
  }
}
