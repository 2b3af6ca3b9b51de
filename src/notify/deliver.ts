// Delivery with retries. A channel that fails is retried with growing pauses; every attempt's
// outcome is reported to the caller (the alert event records it) and kept on the channel row.
// Nothing here throws into the caller: a broken SMTP relay must never stop alert evaluation.
import type { Logger } from "../lib/log.ts";
import { sendEmail } from "./channels/email.ts";
import { sendDiscord, sendSlack, sendTelegram } from "./channels/chat.ts";
import { sendWebhook } from "./channels/webhook.ts";
import type { ChannelConfig, Notice, SendContext } from "./types.ts";

export async function sendOnce(config: ChannelConfig, notice: Notice, ctx: SendContext): Promise<void> {
  switch (config.kind) {
    case "email":
      return sendEmail(config, notice, ctx);
    case "discord":
      return sendDiscord(config, notice, ctx);
    case "telegram":
      return sendTelegram(config, notice, ctx);
    case "slack":
      return sendSlack(config, notice, ctx);
    case "webhook":
      return sendWebhook(config, notice, ctx);
  }
}

export interface Attempt {
  channelId: number;
  channel: string;
  ok: boolean;
  error: string | null;
  attempt: number;
  /** No further attempt will be made (delivered, or out of retries). */
  final: boolean;
  at: number;
}

export interface Retrier {
  run(job: { channelId: number; channel: string; send: () => Promise<void>; onAttempt: (a: Attempt) => void | Promise<void> }): void;
  /** Resolves once nothing is in flight or waiting (tests, shutdown). */
  idle(): Promise<void>;
  stop(): void;
}

export function createRetrier(delaysMs: readonly number[], log: Logger): Retrier {
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let inFlight = 0;
  let waiters: (() => void)[] = [];
  let stopped = false;
  const settle = () => {
    if (inFlight === 0) for (const w of waiters.splice(0)) w();
  };

  return {
    run(job) {
      inFlight++;
      const attempt = async (n: number): Promise<void> => {
        let error: string | null = null;
        try {
          await job.send();
        } catch (err) {
          error = (err as Error).message || String(err);
        }
        const delay = delaysMs[n - 1];
        const final = error === null || delay === undefined || stopped;
        try {
          await job.onAttempt({ channelId: job.channelId, channel: job.channel, ok: error === null, error, attempt: n, final, at: Date.now() });
        } catch (err) {
          log.warn("recording a delivery attempt failed", { err, channelId: job.channelId });
        }
        if (final) {
          inFlight--;
          return settle();
        }
        log.info("notification failed; will retry", { channelId: job.channelId, attempt: n, retryInMs: delay, error });
        const timer = setTimeout(() => {
          timers.delete(timer);
          void attempt(n + 1);
        }, delay);
        timer.unref?.(); // a retry pending must not hold a stopping process open
        timers.add(timer);
      };
      void attempt(1);
    },
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((r) => waiters.push(r))),
    stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      inFlight = 0;
      settle();
      waiters = [];
    },
  };
}
