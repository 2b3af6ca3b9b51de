// Notification channels: email, Discord, Telegram, Slack-compatible and signed webhooks.
// Configs are sealed at rest; sending retries with backoff and never throws into the caller.
import { z } from "zod";
import type { Db } from "../db/index.ts";
import type { SecretBox } from "../lib/crypto.ts";
import { invalid, notFound } from "../lib/errors.ts";
import type { Logger } from "../lib/log.ts";
import { createRetrier, sendOnce, type Attempt } from "./deliver.ts";
import { toPublicChannel, type PublicChannel } from "./public.ts";
import { NotifyRepo, type ChannelRow } from "./repo.ts";
import { channelConfigSchema, type ChannelConfig, type Notice, type SendContext } from "./types.ts";

export interface NotifyOptions {
  box: SecretBox;
  log: Logger;
  discordApiBase: string;
  telegramApiBase: string;
  timeoutMs: number;
  /** Pauses before each retry; its length is the number of retries. */
  retryDelaysMs: readonly number[];
}

export const channelInputSchema = z
  .object({ name: z.string().trim().min(1).max(80), enabled: z.boolean().default(true), config: channelConfigSchema })
  .strict();
export type ChannelInput = z.infer<typeof channelInputSchema>;

/** Secrets left out of `config` keep their stored value, so an edit form never has to show them. */
export const channelPatchSchema = z
  .object({ name: z.string().trim().min(1).max(80), enabled: z.boolean(), config: z.looseObject({ kind: z.string() }) })
  .partial()
  .strict();
export type ChannelPatch = z.infer<typeof channelPatchSchema>;

export function createNotify(db: Db, opts: NotifyOptions) {
  const repo = new NotifyRepo(db);
  const retrier = createRetrier(opts.retryDelaysMs, opts.log);
  const ctx: SendContext = { discordApiBase: opts.discordApiBase, telegramApiBase: opts.telegramApiBase, timeoutMs: opts.timeoutMs };

  const configOf = (row: ChannelRow): ChannelConfig => channelConfigSchema.parse(JSON.parse(opts.box.decrypt(row.configEnc)));
  const publicOf = (row: ChannelRow): PublicChannel => toPublicChannel(row, configOf(row));

  async function get(id: number): Promise<ChannelRow> {
    const row = await repo.get(id);
    if (!row) throw notFound("channel_not_found", "No such notification channel.");
    return row;
  }

  async function record(id: number, a: Attempt): Promise<void> {
    await repo.update(id, a.ok ? { lastSentAt: a.at, lastError: null, lastErrorAt: null } : { lastError: a.error, lastErrorAt: a.at });
  }

  return {
    list: async () => (await repo.list()).map(publicOf),
    get: async (id: number) => publicOf(await get(id)),
    async create(input: ChannelInput): Promise<PublicChannel> {
      const parsed = channelInputSchema.parse(input);
      const now = Date.now();
      return publicOf(await repo.insert({ name: parsed.name, kind: parsed.config.kind, configEnc: opts.box.encrypt(JSON.stringify(parsed.config)), enabled: parsed.enabled, lastSentAt: null, lastError: null, lastErrorAt: null, createdAt: now, updatedAt: now }));
    },
    async update(id: number, patch: ChannelPatch): Promise<PublicChannel> {
      const row = await get(id);
      const parsed = channelPatchSchema.parse(patch);
      let configEnc: string | undefined;
      if (parsed.config) {
        const old = configOf(row);
        if (parsed.config.kind !== old.kind) throw invalid("channel_kind_fixed", "A channel's kind cannot change; create a new channel instead.");
        const merged = channelConfigSchema.parse({ ...old, ...parsed.config });
        configEnc = opts.box.encrypt(JSON.stringify(merged));
      }
      const updated = await repo.update(id, {
        ...(parsed.name !== undefined && { name: parsed.name }),
        ...(parsed.enabled !== undefined && { enabled: parsed.enabled }),
        ...(configEnc && { configEnc }),
        updatedAt: Date.now(),
      });
      return publicOf(updated!);
    },
    async remove(id: number): Promise<PublicChannel> {
      const row = await get(id);
      await repo.remove(id);
      return publicOf(row);
    },
    /** "Send test": one attempt, now, and its error as the answer (no retries: the user is watching). */
    async test(id: number): Promise<PublicChannel> {
      const row = await get(id);
      const notice: Notice = {
        phase: "test",
        severity: "info",
        title: `ServerKit test notification (${row.name})`,
        text: "If you can read this, alerts sent to this channel will reach you.",
        data: { channel: row.name },
        at: Date.now(),
      };
      try {
        await sendOnce(configOf(row), notice, ctx);
        await record(id, { channelId: id, channel: row.name, ok: true, error: null, attempt: 1, final: true, at: Date.now() });
      } catch (err) {
        await record(id, { channelId: id, channel: row.name, ok: false, error: (err as Error).message, attempt: 1, final: true, at: Date.now() });
        throw err;
      }
      return publicOf((await repo.get(id))!);
    },
    /**
     * Sends in the background to each enabled channel, retrying failures; `onAttempt` hears every
     * outcome. Unknown or disabled channels are reported as failed deliveries, never thrown.
     */
    async send(channelIds: readonly number[], notice: Notice, onAttempt: (a: Attempt) => void | Promise<void>): Promise<void> {
      for (const id of channelIds) {
        const row = await repo.get(id);
        if (!row || !row.enabled) {
          await onAttempt({ channelId: id, channel: row?.name ?? `#${id}`, ok: false, error: row ? "channel disabled" : "channel removed", attempt: 0, final: true, at: Date.now() });
          continue;
        }
        let config: ChannelConfig;
        try {
          config = configOf(row);
        } catch (err) {
          await onAttempt({ channelId: id, channel: row.name, ok: false, error: `unreadable channel config: ${(err as Error).message}`, attempt: 0, final: true, at: Date.now() });
          continue;
        }
        retrier.run({
          channelId: id,
          channel: row.name,
          send: () => sendOnce(config, notice, ctx),
          onAttempt: async (a) => {
            await record(id, a).catch((err) => opts.log.warn("could not record a delivery on its channel", { err, channelId: id }));
            await onAttempt(a);
          },
        });
      }
    },
    /** Resolves once every queued delivery and retry is done. */
    idle: () => retrier.idle(),
    stop: () => retrier.stop(),
  };
}

export type Notify = ReturnType<typeof createNotify>;
export type { PublicChannel } from "./public.ts";
export type { Attempt } from "./deliver.ts";
export type { ChannelConfig, Notice, Severity } from "./types.ts";
export { SIGNATURE_HEADER, TIMESTAMP_HEADER, sign } from "./channels/webhook.ts";
