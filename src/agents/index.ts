// Remote servers: registration (one-time tokens -> agent identities), the panel's signing key,
// and the hub of live agent connections that turns each one into a Target.
import type { AuditEntry } from "../audit/index.ts";
import type { Db } from "../db/index.ts";
import type { Logger } from "../lib/log.ts";
import type { RegisterRequest } from "../protocol/index.ts";
import type { PublicServer, Servers } from "../servers/index.ts";
import { runningExecutable } from "../lib/executable.ts";
import { AgentBinary, type BinaryInfo } from "./binary.ts";
import { createHub, type AgentSocket } from "./hub.ts";
import { loadPanelKey } from "./keys.ts";
import { createPollSessions } from "./poll.ts";
import { Registration, type NewServer } from "./registration.ts";
import { AgentTokensRepo } from "./repo.ts";

export interface AgentsOptions {
  dataDir: string;
  servers: Servers;
  audit: (e: AuditEntry) => Promise<void>;
  log: Logger;
  tokenTtlMs?: number;
  authTimeoutMs?: number;
  /** The executable new servers download (default: this compiled binary; null: none, running from source). */
  executable?: string | null;
}

export async function createAgents(db: Db, o: AgentsOptions) {
  const panelKey = await loadPanelKey(o.dataDir);
  const binary = new AgentBinary(o.executable === undefined ? runningExecutable() : o.executable);
  const registration = new Registration(new AgentTokensRepo(db), o.servers, panelKey, binary, o.tokenTtlMs);
  const hub = createHub({ servers: o.servers, panelKey, audit: o.audit, log: o.log, authTimeoutMs: o.authTimeoutMs });
  const poll = createPollSessions((sock, ip) => hub.accept(sock, ip));
  return {
    panelPublicKey: panelKey.publicKey,
    /** A new server row and the one-time token (shown once) with the commands to run there. */
    add: (name: string, panelUrl: string): Promise<NewServer> => registration.create(name, panelUrl),
    renewToken: (serverId: string, panelUrl: string): Promise<NewServer> => registration.renew(serverId, panelUrl),
    register: (req: RegisterRequest) => registration.register(req),
    /** The agent binary for a new server holding a registration token that could still register. */
    async binaryFor(token: string | undefined): Promise<{ serverId: string; info: BinaryInfo; body: ReadableStream<Uint8Array> }> {
      const serverId = await registration.check(token);
      return { serverId, ...(await binary.open()) };
    },
    /** Revokes the server's key and drops its connection at once. */
    async revoke(serverId: string): Promise<PublicServer> {
      const server = await o.servers.revoke(serverId);
      hub.kick(serverId);
      return server;
    },
    /** A new WebSocket: feed it frames and tell it when it closes. */
    accept: (sock: AgentSocket, ip: string | null) => hub.accept(sock, ip),
    /** The same connections carried by HTTPS long-poll, for agents whose egress blocks WebSocket. */
    poll,
    connected: hub.connected,
    testing: hub.testing,
    close: hub.closeAll,
  };
}

export type Agents = Awaited<ReturnType<typeof createAgents>>;
export type { AgentSocket, NewServer };
export { CLOSE } from "./hub.ts";
export { BINARY_PATH, BINARY_TOKEN_HEADER } from "./registration.ts";
