// Test support: stand-ins for the services channels talk to. A local HTTP receiver records what
// Discord, Telegram, Slack or a webhook consumer would get; a real SMTP server (smtp-server)
// offers STARTTLS and AUTH and keeps each message it receives.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";

export interface Received {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  json: any;
}

/** Records every request; answers with `reply` (status and JSON), which a test may change. */
export function startReceiver(reply: { status: number; body: unknown } = { status: 200, body: { ok: true } }) {
  const received: Received[] = [];
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const body = await req.text();
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        // kept as text
      }
      const url = new URL(req.url);
      received.push({ method: req.method, path: url.pathname + url.search, headers: Object.fromEntries(req.headers), body, json });
      return Response.json(current.body, { status: current.status });
    },
  });
  const current = { ...reply };
  return {
    url: `http://127.0.0.1:${server.port}`,
    received,
    reply: (status: number, body: unknown) => Object.assign(current, { status, body }),
    /** Waits for at least `n` requests (generous: the machine is shared). */
    async waitFor(n: number, ms = 20_000): Promise<Received[]> {
      const end = Date.now() + ms;
      while (received.length < n) {
        if (Date.now() > end) throw new Error(`receiver got ${received.length} of ${n} requests`);
        await Bun.sleep(25);
      }
      return received;
    },
    stop: () => server.stop(true),
  };
}

export interface Mail {
  from: string;
  to: string[];
  raw: string;
  /** The session was upgraded with STARTTLS before the message. */
  secure: boolean;
  user: string | null;
}

/** A real SMTP server on a free port with STARTTLS (self-signed certificate) and AUTH PLAIN/LOGIN. */
export async function startSmtp(login = { user: "alerts", pass: "smtp-pass-1" }, opts: { /** A relay without STARTTLS at all. */ hideStartTls?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "sk-smtp-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=localhost", "-days", "2", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"], { stdio: "ignore" });
  const mails: Mail[] = [];
  const server = new SMTPServer({
    key: readFileSync(join(dir, "key.pem")),
    cert: readFileSync(join(dir, "cert.pem")),
    authMethods: ["PLAIN", "LOGIN"],
    ...(opts.hideStartTls ? { disabledCommands: ["STARTTLS"] } : {}),
    // Refuse AUTH before STARTTLS, as a real submission server does.
    // (A relay that hides STARTTLS takes it in clear: the client must refuse before that.)
    allowInsecureAuth: opts.hideStartTls ?? false,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === login.user && auth.password === login.pass) return cb(null, { user: auth.username });
      cb(new Error("Invalid username or password"));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          secure: session.secure,
          user: (session.user as string | undefined) ?? null,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    login,
    mails,
    async waitFor(n: number, ms = 20_000): Promise<Mail[]> {
      const end = Date.now() + ms;
      while (mails.length < n) {
        if (Date.now() > end) throw new Error(`SMTP server got ${mails.length} of ${n} messages`);
        await Bun.sleep(25);
      }
      return mails;
    },
    async stop() {
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A port nothing listens on (bound, read, released). */
export function deadPort(): number {
  const s = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = s.port!;
  s.stop(true);
  return port;
}
