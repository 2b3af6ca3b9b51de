// Free TCP ports on loopback for tests.
//
// The kernel picks an unused port (bind to 0); we close the socket and hand the
// number out. Another process could grab it in between, so a port is never
// handed out twice by this process, and callers that spawn a server retry on
// "address in use" (startPanel does).

const handedOut = new Set<number>();

/** A TCP port that is free on `host` right now (default 127.0.0.1). */
export function freePort(host = "127.0.0.1"): number {
  for (let attempt = 0; attempt < 50; attempt++) {
    const server = Bun.listen({
      hostname: host,
      port: 0,
      socket: { data() {} },
    });
    const port = server.port;
    server.stop(true);
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error("freePort: no free port found after 50 attempts");
}

/** True when nothing accepts connections on host:port. */
export async function portIsFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  try {
    const server = Bun.listen({ hostname: host, port, socket: { data() {} } });
    server.stop(true);
    return true;
  } catch {
    return false;
  }
}

/** Wait until something accepts TCP connections on host:port. */
export async function waitForPort(port: number, host = "127.0.0.1", timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      Bun.connect({
        hostname: host,
        port,
        socket: {
          open(socket) {
            socket.end();
            resolve(true);
          },
          data() {},
          error() {
            resolve(false);
          },
          connectError() {
            resolve(false);
          },
        },
      }).catch(() => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`waitForPort: ${host}:${port} not open after ${timeoutMs} ms`);
    await Bun.sleep(50);
  }
}
