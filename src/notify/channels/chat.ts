// Chat services: Discord and Slack-compatible webhooks, Telegram's Bot API. Each gets the same
// short text; only the envelope differs.
import type { Notice, SendContext } from "../types.ts";
import { DISCORD_PATH } from "../types.ts";
import type { ChannelConfig } from "../types.ts";
import { DeliveryError, postJson } from "./http.ts";

type Of<K extends ChannelConfig["kind"]> = Extract<ChannelConfig, { kind: K }>;

const ICON: Record<Notice["phase"], string> = { firing: "🔴", resolved: "✅", test: "🔔" };
const COLOUR: Record<Notice["severity"], number> = { info: 0x3b82f6, warning: 0xf59e0b, critical: 0xef4444 };

const trimBase = (base: string) => base.replace(/\/+$/, "");

export async function sendDiscord(c: Of<"discord">, n: Notice, ctx: SendContext): Promise<void> {
  // Sent to the configured API base, not the pasted host, so a test (or a proxy) can stand in.
  const [, id, token] = DISCORD_PATH.exec(new URL(c.webhookUrl).pathname)!;
  const body = {
    username: "ServerKit",
    content: `${ICON[n.phase]} ${n.title}`.slice(0, 2000),
    embeds: [{ title: n.title.slice(0, 256), description: n.text.slice(0, 4000), color: n.phase === "resolved" ? 0x22c55e : COLOUR[n.severity], timestamp: new Date(n.at).toISOString() }],
    allowed_mentions: { parse: [] },
  };
  await postJson(`${trimBase(ctx.discordApiBase)}/webhooks/${id}/${token}?wait=true`, JSON.stringify(body), {}, ctx.timeoutMs);
}

export async function sendSlack(c: Of<"slack">, n: Notice, ctx: SendContext): Promise<void> {
  // {text} is what Slack, Mattermost and Rocket.Chat incoming webhooks all accept.
  await postJson(c.webhookUrl, JSON.stringify({ text: `${ICON[n.phase]} *${n.title}*\n${n.text}` }), {}, ctx.timeoutMs);
}

export async function sendTelegram(c: Of<"telegram">, n: Notice, ctx: SendContext): Promise<void> {
  const body = { chat_id: c.chatId, text: `${ICON[n.phase]} ${n.title}\n\n${n.text}`.slice(0, 4096), disable_web_page_preview: true };
  const answer = await postJson(`${trimBase(ctx.telegramApiBase)}/bot${c.botToken}/sendMessage`, JSON.stringify(body), {}, ctx.timeoutMs);
  let ok = false;
  try {
    ok = (JSON.parse(answer) as { ok?: boolean }).ok === true;
  } catch {
    // not JSON: reported below
  }
  if (!ok) throw new DeliveryError(`Telegram did not accept the message: ${answer.slice(0, 200)}`);
}
