// The generic webhook: JSON body, signed so the receiver can tell it came from this panel.
// X-ServerKit-Signature = "sha256=" + hex HMAC-SHA256(secret, timestamp + "." + body), where
// timestamp is the X-ServerKit-Timestamp header (unix seconds): signing it too stops a captured
// request from being replayed later with a fresh timestamp.
import { createHmac } from "node:crypto";
import type { ChannelConfig, Notice, SendContext } from "../types.ts";
import { postJson } from "./http.ts";

export const SIGNATURE_HEADER = "x-serverkit-signature";
export const TIMESTAMP_HEADER = "x-serverkit-timestamp";

export function sign(secret: string, timestamp: string, body: string): string {
  return "sha256=" + createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

export async function sendWebhook(c: Extract<ChannelConfig, { kind: "webhook" }>, n: Notice, ctx: SendContext): Promise<void> {
  const body = JSON.stringify({ event: `alert.${n.phase}`, severity: n.severity, title: n.title, text: n.text, at: new Date(n.at).toISOString(), ...n.data });
  const timestamp = String(Math.floor(Date.now() / 1000));
  await postJson(c.url, body, { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: sign(c.secret, timestamp, body), "user-agent": "ServerKit-Webhook/1" }, ctx.timeoutMs);
}
