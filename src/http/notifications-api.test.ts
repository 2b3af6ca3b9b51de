// Notification channels through the API, each delivering to a real stand-in: an SMTP server
// (smtp-server, STARTTLS + AUTH) for email and local HTTP receivers for Discord, Telegram,
// Slack and the signed webhook. Secrets never come back out of the API or sit in clear in the DB.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { deadPort, startReceiver, startSmtp } from "../notify/testing.ts";
import { createTestApp, type TestClient } from "./testing.ts";

let t: Awaited<ReturnType<typeof createTestApp>>;
let owner: TestClient;
let operator: TestClient;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let rx: ReturnType<typeof startReceiver>;

const BOT = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const WEBHOOK_SECRET = "whsec-0123456789abcdef";

beforeAll(async () => {
  [smtp, rx] = [await startSmtp(), startReceiver()];
  t = await createTestApp("bun-sqlite", `notify:\n  discordApiBase: ${rx.url}/api\n  telegramApiBase: ${rx.url}\n  timeoutMs: 3000\n  retryDelaysMs: []\n`);
  owner = await t.owner();
  operator = await t.userWithRole(owner, "operator");
});

afterAll(async () => {
  await t?.close();
  rx?.stop();
  await smtp?.stop();
});

const create = async (name: string, config: Record<string, unknown>) => {
  const r = await owner.request("POST", "/notification-channels", { name, config });
  if (r.status !== 201) throw new Error(`create ${name}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.channel;
};

const emailConfig = (over: Record<string, unknown> = {}) => ({
  kind: "email",
  host: "127.0.0.1",
  port: smtp.port,
  security: "starttls",
  username: smtp.login.user,
  password: smtp.login.pass,
  from: "ServerKit <panel@example.com>",
  to: ["ops@example.com"],
  verifyCertificate: false,
  ...over,
});

describe("email", () => {
  test("send test: delivered over STARTTLS with AUTH, subject and body as sent; the password never comes back", async () => {
    const ch = await create("ops mail", emailConfig());
    expect(ch.kind).toBe("email");
    expect(ch.target).toBe(`ops@example.com via 127.0.0.1:${smtp.port}`);
    expect(ch.settings.hasPassword).toBe(true);
    expect(JSON.stringify(ch)).not.toContain(smtp.login.pass);

    const r = await owner.request("POST", `/notification-channels/${ch.id}/test`);
    expect(r.status).toBe(200);
    expect(r.body.channel.lastSentAt).not.toBeNull();
    const [mail] = await smtp.waitFor(1);
    expect(mail!.secure).toBe(true);
    expect(mail!.user).toBe("alerts");
    expect(mail!.to).toEqual(["ops@example.com"]);
    expect(mail!.raw).toContain("Subject: ServerKit test notification (ops mail)");
    expect(mail!.raw).toContain("If you can read this, alerts sent to this channel will reach you.");

    // Sealed at rest: neither the password nor the relay settings are readable in the row.
    const row = (await t.db.raw.query<{ config_enc: string }>(`SELECT config_enc FROM notification_channels WHERE id = ${Number(ch.id)}`))[0]!;
    expect(row.config_enc.startsWith("v1:")).toBe(true);
    expect(row.config_enc).not.toContain(smtp.login.pass);
  });

  test("a relay with an untrusted certificate is refused while verification is on; the error is kept on the channel", async () => {
    const ch = await create("strict mail", emailConfig({ verifyCertificate: true }));
    const r = await owner.request("POST", `/notification-channels/${ch.id}/test`);
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe("delivery_failed");
    expect(r.body.error.message).toContain(`SMTP 127.0.0.1:${smtp.port}`);
    const after = (await owner.request("GET", `/notification-channels/${ch.id}`)).body.channel;
    expect(after.lastError).toContain("SMTP");
    expect(after.lastSentAt).toBeNull();
  });

  test("STARTTLS is required: a relay that does not offer it never sees the password", async () => {
    const plain = await startSmtp(smtp.login, { hideStartTls: true });
    try {
      const ch = await create("plain mail", emailConfig({ port: plain.port }));
      const r = await owner.request("POST", `/notification-channels/${ch.id}/test`);
      expect(r.status).toBe(503);
      expect(r.body.error.message).toMatch(/STARTTLS/i);
      expect(plain.mails).toEqual([]);
      // The same relay with encryption "none" (a local relay) delivers, unencrypted.
      const none = await create("local relay", emailConfig({ port: plain.port, security: "none" }));
      expect((await owner.request("POST", `/notification-channels/${none.id}/test`)).status).toBe(200);
      expect((await plain.waitFor(1))[0]!.secure).toBe(false);
    } finally {
      await plain.stop();
    }
  });

  test("an unreachable SMTP server: a clear error, not a hang", async () => {
    const ch = await create("dead mail", emailConfig({ port: deadPort() }));
    const r = await owner.request("POST", `/notification-channels/${ch.id}/test`);
    expect(r.status).toBe(503);
    expect(r.body.error.message).toMatch(/SMTP 127\.0\.0\.1:\d+: .*(ECONNREFUSED|connect)/i);
  });

  test("editing without the password keeps it; a kind cannot change", async () => {
    const ch = await create("edit mail", emailConfig());
    const before = smtp.mails.length;
    const p = await owner.request("PATCH", `/notification-channels/${ch.id}`, { config: { kind: "email", to: ["oncall@example.com"] } });
    expect(p.status).toBe(200);
    expect(p.body.channel.settings.to).toEqual(["oncall@example.com"]);
    expect((await owner.request("POST", `/notification-channels/${ch.id}/test`)).status).toBe(200);
    const mails = await smtp.waitFor(before + 1);
    expect(mails[before]!.to).toEqual(["oncall@example.com"]);
    const k = await owner.request("PATCH", `/notification-channels/${ch.id}`, { config: { kind: "slack", webhookUrl: "https://hooks.example.com/x" } });
    expect(k.status).toBe(400);
    expect(k.body.error.code).toBe("channel_kind_fixed");
  });
});

describe("chat and webhooks", () => {
  test("Discord: posted to the configured API base with the webhook's id and token, content and embed", async () => {
    const ch = await create("discord", { kind: "discord", webhookUrl: "https://discord.com/api/webhooks/112233445566/tok_EN-abc" });
    expect(ch.target).toBe("Discord webhook on discord.com");
    expect(JSON.stringify(ch)).not.toContain("tok_EN-abc");
    const n = rx.received.length;
    expect((await owner.request("POST", `/notification-channels/${ch.id}/test`)).status).toBe(200);
    const req = (await rx.waitFor(n + 1))[n]!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/api/webhooks/112233445566/tok_EN-abc?wait=true");
    expect(req.json.content).toContain("ServerKit test notification (discord)");
    expect(req.json.embeds[0].title).toBe("ServerKit test notification (discord)");
    expect(req.json.allowed_mentions).toEqual({ parse: [] });
  });

  test("Telegram: sendMessage with chat_id and text; an API refusal is reported with Telegram's words", async () => {
    const ch = await create("telegram", { kind: "telegram", botToken: BOT, chatId: "-1001234567890" });
    expect(ch.target).toBe("Telegram chat -1001234567890");
    expect(JSON.stringify(ch)).not.toContain(BOT.split(":")[1]);
    const n = rx.received.length;
    expect((await owner.request("POST", `/notification-channels/${ch.id}/test`)).status).toBe(200);
    const req = (await rx.waitFor(n + 1))[n]!;
    expect(req.path).toBe(`/bot${BOT}/sendMessage`);
    expect(req.json.chat_id).toBe("-1001234567890");
    expect(req.json.text).toContain("ServerKit test notification (telegram)");

    rx.reply(400, { ok: false, error_code: 400, description: "Bad Request: chat not found" });
    try {
      const r = await owner.request("POST", `/notification-channels/${ch.id}/test`);
      expect(r.status).toBe(503);
      expect(r.body.error.message).toContain("chat not found");
      expect(r.body.error.message).not.toContain(BOT);
    } finally {
      rx.reply(200, { ok: true });
    }
  });

  test("Slack-compatible: {text} to the webhook URL", async () => {
    const ch = await create("slack", { kind: "slack", webhookUrl: `${rx.url}/services/T000/B000/secretpart` });
    expect(ch.target).toBe(`Webhook on ${new URL(rx.url).host}`);
    expect(JSON.stringify(ch)).not.toContain("secretpart");
    const n = rx.received.length;
    expect((await owner.request("POST", `/notification-channels/${ch.id}/test`)).status).toBe(200);
    const req = (await rx.waitFor(n + 1))[n]!;
    expect(req.path).toBe("/services/T000/B000/secretpart");
    expect(Object.keys(req.json)).toEqual(["text"]);
    expect(req.json.text).toContain("ServerKit test notification (slack)");
  });

  test("generic webhook: the signature is HMAC-SHA256 over timestamp.body and checks out", async () => {
    const ch = await create("hook", { kind: "webhook", url: `${rx.url}/hook`, secret: WEBHOOK_SECRET });
    expect(JSON.stringify(ch)).not.toContain(WEBHOOK_SECRET);
    const n = rx.received.length;
    expect((await owner.request("POST", `/notification-channels/${ch.id}/test`)).status).toBe(200);
    const req = (await rx.waitFor(n + 1))[n]!;
    const ts = req.headers["x-serverkit-timestamp"]!;
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(120);
    const expected = "sha256=" + createHmac("sha256", WEBHOOK_SECRET).update(`${ts}.${req.body}`).digest("hex");
    expect(req.headers["x-serverkit-signature"]).toBe(expected);
    // A different secret does not verify: the receiver can tell a forgery.
    expect(req.headers["x-serverkit-signature"]).not.toBe("sha256=" + createHmac("sha256", "another-secret-123").update(`${ts}.${req.body}`).digest("hex"));
    expect(req.json.event).toBe("alert.test");
    expect(req.json.title).toBe("ServerKit test notification (hook)");
  });

  test("an unreachable webhook: 503 naming the host, the error kept on the channel", async () => {
    const port = deadPort();
    const ch = await create("dead hook", { kind: "webhook", url: `http://127.0.0.1:${port}/x`, secret: WEBHOOK_SECRET });
    const r = await owner.request("POST", `/notification-channels/${ch.id}/test`);
    expect(r.status).toBe(503);
    expect(r.body.error.message).toStartWith(`127.0.0.1:${port}: `);
    expect((await owner.request("GET", `/notification-channels/${ch.id}`)).body.channel.lastError).toStartWith(`127.0.0.1:${port}`);
  });
});

describe("access and bad input", () => {
  test("operators see channel names but cannot add, change or test them", async () => {
    expect((await operator.request("GET", "/notification-channels")).status).toBe(200);
    const r = await operator.request("POST", "/notification-channels", { name: "x", config: { kind: "slack", webhookUrl: "https://hooks.example.com/x" } });
    expect(r.status).toBe(403);
    const id = (await owner.request("GET", "/notification-channels")).body.items[0].id;
    expect((await operator.request("POST", `/notification-channels/${id}/test`)).status).toBe(403);
  });

  test.each([
    [{ kind: "pager" }, "config.kind"],
    [{ kind: "discord", webhookUrl: "https://discord.com/channels/1/2" }, "Discord webhook URL"],
    [{ kind: "telegram", botToken: "nope", chatId: "1" }, "Telegram bot token"],
    [{ kind: "webhook", url: "ftp://example.com/x", secret: WEBHOOK_SECRET }, "http(s)"],
    [{ kind: "webhook", url: "https://example.com/x", secret: "short" }, "config.secret"],
    [{ ...{ kind: "email", host: "smtp.example.com", from: "a@example.com\r\nBcc: x@example.com", to: ["ops@example.com"] } }, "one line"],
  ])("refused with a clear message: %j", async (config, words) => {
    const r = await owner.request("POST", "/notification-channels", { name: "bad", config });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("validation_failed");
    expect(JSON.stringify(r.body.error)).toContain(words);
  });

  test("mutations are in the audit log", async () => {
    const r = await owner.request("GET", "/audit?limit=200");
    const actions = new Set((r.body.items as { action: string }[]).map((i) => i.action));
    for (const a of ["notification_channels.create", "notification_channels.update", "notification_channels.test"]) expect(actions.has(a)).toBe(true);
  });
});
