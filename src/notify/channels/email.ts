// Email through the user's SMTP relay. nodemailer is loaded on the first email, not at start:
// most panels never send one.
import { isIP } from "node:net";
import type { ChannelConfig, Notice, SendContext } from "../types.ts";
import { DeliveryError } from "./http.ts";

export async function sendEmail(c: Extract<ChannelConfig, { kind: "email" }>, n: Notice, ctx: SendContext): Promise<void> {
  const { createTransport } = await import("nodemailer");
  const transport = createTransport({
    host: c.host,
    port: c.port,
    secure: c.security === "tls",
    // STARTTLS is required, not merely tried: a relay that stops offering it must not get the password in clear.
    requireTLS: c.security === "starttls",
    ignoreTLS: c.security === "none",
    auth: c.username ? { user: c.username, pass: c.password ?? "" } : undefined,
    // SNI carries names only; for an IP address the certificate is checked against its IP SAN.
    tls: { rejectUnauthorized: c.verifyCertificate, ...(isIP(c.host) ? {} : { servername: c.host }) },
    connectionTimeout: ctx.timeoutMs,
    greetingTimeout: ctx.timeoutMs,
    socketTimeout: ctx.timeoutMs * 2,
  });
  try {
    await transport.sendMail({ from: c.from, to: c.to, subject: n.title.replace(/[\r\n]+/g, " "), text: n.text, date: new Date(n.at) });
  } catch (err) {
    throw new DeliveryError(`SMTP ${c.host}:${c.port}: ${(err as Error).message}`);
  } finally {
    transport.close();
  }
}
