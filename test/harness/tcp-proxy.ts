// A TCP proxy a test controls, to put network faults between two real processes:
//   freeze()  the link goes silent both ways, like an iptables DROP: bytes are held, closes are
//             not passed on, new connections are accepted but get nowhere;
//   thaw()    the held bytes and closes go through, as if TCP's retransmissions finally landed;
//   cut()     every connection through the proxy is reset (new ones work normally).
import type { Socket, TCPSocketListener } from "bun";

type Side = Socket<Conn>;

interface Conn {
  /** client -> upstream and upstream -> client bytes not written yet. */
  up: Uint8Array[];
  down: Uint8Array[];
  client?: Side;
  upstream?: Side;
  /** A side closed while frozen: passed on at thaw. */
  closedWhileFrozen?: "client" | "upstream";
  dead: boolean;
}

export interface TcpProxy {
  port: number;
  hostname: string;
  freeze(): void;
  thaw(): void;
  cut(): void;
  /** Bytes passed from the upstream (the panel) to clients so far. */
  readonly bytesDown: number;
  /** Connections the proxy has accepted so far. */
  readonly accepted: number;
  stop(): void;
}

export function startTcpProxy(upstream: { hostname: string; port: number }, listen: { hostname: string; port?: number } = { hostname: "127.0.0.1" }): TcpProxy {
  const conns = new Set<Conn>();
  let frozen = false;
  let bytesDown = 0;
  let accepted = 0;

  const flush = (queue: Uint8Array[], to: Side | undefined, down: boolean) => {
    if (frozen || !to) return;
    while (queue.length > 0) {
      const chunk = queue[0]!;
      const n = to.write(chunk);
      if (down) bytesDown += Math.max(n, 0);
      if (n < chunk.length) {
        queue[0] = chunk.subarray(Math.max(n, 0));
        return; // the rest on drain
      }
      queue.shift();
    }
  };
  const kill = (c: Conn) => {
    c.dead = true;
    conns.delete(c);
    c.client?.end();
    c.upstream?.end();
  };
  const closedBy = (c: Conn, side: "client" | "upstream") => {
    if (c.dead) return;
    if (frozen) {
      c.closedWhileFrozen ??= side;
      return;
    }
    // Whatever the other way still holds goes first.
    if (side === "client") flush(c.up, c.upstream, false);
    else flush(c.down, c.client, true);
    kill(c);
  };

  const connectUpstream = (c: Conn) =>
    Bun.connect<Conn>({
      hostname: upstream.hostname,
      port: upstream.port,
      data: c,
      socket: {
        open(s) {
          c.upstream = s;
          flush(c.up, s, false);
        },
        data(_s, data) {
          c.down.push(new Uint8Array(data));
          flush(c.down, c.client, true);
        },
        drain(s) {
          flush(c.up, s, false);
        },
        close() {
          closedBy(c, "upstream");
        },
        error() {
          closedBy(c, "upstream");
        },
      },
    }).catch(() => closedBy(c, "upstream"));

  const server: TCPSocketListener<Conn> = Bun.listen<Conn>({
    hostname: listen.hostname,
    port: listen.port ?? 0,
    socket: {
      open(s) {
        accepted++;
        const c: Conn = { up: [], down: [], client: s, dead: false };
        s.data = c;
        conns.add(c);
        void connectUpstream(c);
      },
      data(s, data) {
        s.data.up.push(new Uint8Array(data));
        flush(s.data.up, s.data.upstream, false);
      },
      drain(s) {
        flush(s.data.down, s, true);
      },
      close(s) {
        closedBy(s.data, "client");
      },
      error(s) {
        closedBy(s.data, "client");
      },
    },
  });

  return {
    port: server.port,
    hostname: listen.hostname,
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      for (const c of [...conns]) {
        flush(c.up, c.upstream, false);
        flush(c.down, c.client, true);
        if (c.closedWhileFrozen) closedBy(c, c.closedWhileFrozen);
      }
    },
    cut() {
      for (const c of [...conns]) {
        c.dead = true;
        conns.delete(c);
        c.client?.terminate();
        c.upstream?.terminate();
      }
    },
    get bytesDown() {
      return bytesDown;
    },
    get accepted() {
      return accepted;
    },
    stop() {
      for (const c of [...conns]) kill(c);
      server.stop(true);
    },
  };
}
