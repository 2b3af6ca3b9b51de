// What a channel is configured with, and what it is asked to deliver. The config as a whole is
// sealed at rest (it holds passwords, bot tokens and webhook URLs that are themselves secrets).
import { z } from "zod";

const httpUrl = z
  .string()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL");

// A display name or address is fine; CR/LF would let a value smuggle extra mail headers.
const oneLine = (max: number) => z.string().min(1).max(max).regex(/^[^\r\n]*$/, "must be one line");

export const emailConfigSchema = z
  .object({
    kind: z.literal("email"),
    host: oneLine(253),
    port: z.number().int().min(1).max(65535).default(587),
    /** starttls: plain connection upgraded (and required); tls: TLS from the first byte (465); none: never encrypted. */
    security: z.enum(["starttls", "tls", "none"]).default("starttls"),
    username: oneLine(200).optional(),
    password: z.string().min(1).max(500).optional(),
    from: oneLine(320),
    to: z.array(z.email()).min(1).max(20),
    /** Off only for relays with a self-signed certificate. */
    verifyCertificate: z.boolean().default(true),
  })
  .strict();

export const discordConfigSchema = z
  .object({
    kind: z.literal("discord"),
    /** https://discord.com/api/webhooks/ID/TOKEN as Discord shows it. */
    webhookUrl: httpUrl.refine((u) => DISCORD_PATH.test(new URL(u).pathname), "is not a Discord webhook URL (…/api/webhooks/ID/TOKEN)"),
  })
  .strict();

export const telegramConfigSchema = z
  .object({
    kind: z.literal("telegram"),
    botToken: z.string().regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, "is not a Telegram bot token (123456:ABC…)"),
    chatId: z.string().regex(/^(-?\d{1,20}|@[A-Za-z0-9_]{5,64})$/, "must be a numeric chat id or @channelname"),
  })
  .strict();

export const slackConfigSchema = z.object({ kind: z.literal("slack"), webhookUrl: httpUrl }).strict();

export const webhookConfigSchema = z
  .object({
    kind: z.literal("webhook"),
    url: httpUrl,
    /** HMAC-SHA256 key for the X-ServerKit-Signature header. */
    secret: z.string().min(16).max(500),
  })
  .strict();

export const channelConfigSchema = z.discriminatedUnion("kind", [emailConfigSchema, discordConfigSchema, telegramConfigSchema, slackConfigSchema, webhookConfigSchema]);
export type ChannelConfig = z.infer<typeof channelConfigSchema>;
export type ChannelKind = ChannelConfig["kind"];

export const DISCORD_PATH = /\/webhooks\/(\d{1,30})\/([A-Za-z0-9_-]{1,200})\/?$/;

export type Severity = "info" | "warning" | "critical";

/** One message to deliver: a firing, a resolution, or a test. */
export interface Notice {
  phase: "firing" | "resolved" | "test";
  severity: Severity;
  /** One line: the email subject, the chat message's first line. */
  title: string;
  /** Plain text, a few lines. */
  text: string;
  /** Structured data for the generic webhook. */
  data: Record<string, unknown>;
  at: number;
}

export interface SendContext {
  discordApiBase: string;
  telegramApiBase: string;
  timeoutMs: number;
}

export type Sender<C extends ChannelConfig = ChannelConfig> = (config: C, notice: Notice, ctx: SendContext) => Promise<void>;
