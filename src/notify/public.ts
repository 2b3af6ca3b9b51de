// What the API shows of a channel: where it sends, never with what. Passwords, bot tokens,
// HMAC secrets and webhook URLs (their path is the credential) stay sealed.
import { iso } from "../lib/time.ts";
import type { ChannelRow } from "./repo.ts";
import type { ChannelConfig, ChannelKind } from "./types.ts";

export interface PublicChannel {
  id: number;
  name: string;
  kind: ChannelKind;
  enabled: boolean;
  /** A readable "where": the SMTP relay and recipients, the webhook's host, the chat id. */
  target: string;
  /** Non-secret settings, so an edit form can be filled in (email and Telegram). */
  settings: Record<string, unknown>;
  lastSentAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const hostOf = (url: string) => new URL(url).host;

function describe(c: ChannelConfig): { target: string; settings: Record<string, unknown> } {
  switch (c.kind) {
    case "email":
      return {
        target: `${c.to.join(", ")} via ${c.host}:${c.port}`,
        settings: { host: c.host, port: c.port, security: c.security, username: c.username ?? null, hasPassword: Boolean(c.password), from: c.from, to: c.to, verifyCertificate: c.verifyCertificate },
      };
    case "discord":
      return { target: `Discord webhook on ${hostOf(c.webhookUrl)}`, settings: {} };
    case "telegram":
      return { target: `Telegram chat ${c.chatId}`, settings: { chatId: c.chatId } };
    case "slack":
      return { target: `Webhook on ${hostOf(c.webhookUrl)}`, settings: {} };
    case "webhook":
      return { target: `POST to ${hostOf(c.url)}`, settings: {} };
  }
}

export function toPublicChannel(row: ChannelRow, config: ChannelConfig): PublicChannel {
  return {
    id: row.id,
    name: row.name,
    kind: config.kind,
    enabled: row.enabled,
    ...describe(config),
    lastSentAt: iso(row.lastSentAt),
    lastError: row.lastError,
    lastErrorAt: iso(row.lastErrorAt),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}
