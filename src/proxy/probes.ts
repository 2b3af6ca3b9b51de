// Real probes behind Diagnose: does something answer HTTP on a local port, and what are the
// last lines of a log file. Each reports what it saw in words a user can act on.
import { open } from "node:fs/promises";
import { createConnection } from "node:net";

export interface ProbeResult {
  ok: boolean;
  detail: string;
}

const STATUS_LINE = /^HTTP\/\d(?:\.\d)? (\d{3})(?: (.*))?$/;

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/**
 * Connects to 127.0.0.1:port the way nginx does and sends one GET /. Any HTTP status counts
 * as answering (a 500 from the app is the app's business, not a 502). A raw socket rather than
 * fetch(): fetch honours HTTP_PROXY, and a server's proxy settings must not stand between us
 * and a local port. The timeout covers connect and response together.
 */
export function tcpHttpProbe(port: number, timeoutMs: number): Promise<ProbeResult> {
  const where = `127.0.0.1:${port}`;
  return new Promise((resolve) => {
    let connected = false;
    let head = "";
    let done = false;
    const socket = createConnection({ host: "127.0.0.1", port });
    const finish = (result: ProbeResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          detail: connected
            ? `${where} accepted the connection but sent no HTTP response within ${seconds(timeoutMs)} (timed out)`
            : `connecting to ${where} timed out after ${seconds(timeoutMs)}`,
        }),
      timeoutMs,
    );
    socket.on("connect", () => {
      connected = true;
      socket.write(`GET / HTTP/1.1\r\nHost: ${where}\r\nUser-Agent: ServerKit-diagnose\r\nAccept: */*\r\nConnection: close\r\n\r\n`);
    });
    socket.on("data", (chunk: Buffer) => {
      head += chunk.toString("latin1");
      const eol = head.indexOf("\r\n");
      if (eol < 0 && head.length < 1024) return; // the status line is still arriving
      const m = STATUS_LINE.exec(eol < 0 ? head : head.slice(0, eol));
      finish(
        m
          ? { ok: true, detail: `HTTP ${m[1]}${m[2] ? ` ${m[2]}` : ""}` }
          : { ok: false, detail: `${where} accepts connections but does not speak HTTP` },
      );
    });
    socket.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ECONNREFUSED") finish({ ok: false, detail: `connection refused: nothing listens on ${where}` });
      else if (connected) finish({ ok: false, detail: `${where} broke the connection before answering (${err.code ?? err.message})` });
      else finish({ ok: false, detail: `could not connect to ${where}: ${err.message}` });
    });
    socket.on("close", () =>
      finish({ ok: false, detail: connected ? `${where} closed the connection without an HTTP response` : `could not connect to ${where}` }),
    );
  });
}

/** Enough for far more than the lines Diagnose shows, and bounded however big the log grew. */
const TAIL_BYTES = 64 * 1024;

/** The last `lines` lines of a file, reading at most its last 64 KiB; [] when it does not exist. */
export async function tailFile(path: string, lines: number): Promise<string[]> {
  if (lines <= 0) return [];
  let file;
  try {
    file = await open(path, "r");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  try {
    const { size } = await file.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const { bytesRead } = await file.read(buf, read, length - read, size - length + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    const all = buf.subarray(0, read).toString("utf8").split("\n");
    if (length < size) all.shift(); // starts mid-line
    if (all[all.length - 1] === "") all.pop();
    return all.slice(-lines).map((l) => l.replace(/\r$/, ""));
  } finally {
    await file.close();
  }
}
