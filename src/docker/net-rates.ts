// Host network throughput from /proc/net/dev, as rates since the previous reading. Read
// directly: systeminformation's networkStats("*") walks every interface with extra commands
// and took a minute on a host with ~60 Docker veths. Container veths, bridges and loopback are
// left out, so traffic is counted once, on the host's own interfaces.
import { readFileSync } from "node:fs";

const VIRTUAL = /^(lo|veth|docker|br-|virbr|cni|flannel|cali|tun|tap)/;

export interface NetCounters {
  at: number;
  rx: number;
  tx: number;
}

/** Total received/sent bytes of the host's own interfaces, from /proc/net/dev's text. */
export function parseNetDev(text: string, at: number): NetCounters {
  let rx = 0;
  let tx = 0;
  for (const line of text.split("\n").slice(2)) {
    const m = /^\s*([^:\s]+):\s*(.*)$/.exec(line);
    if (!m || VIRTUAL.test(m[1]!)) continue;
    const f = m[2]!.trim().split(/\s+/).map(Number);
    if (Number.isFinite(f[0]) && Number.isFinite(f[8])) {
      rx += f[0]!;
      tx += f[8]!;
    }
  }
  return { at, rx, tx };
}

/** Bytes per second between two readings; 0 for the first one, a counter reset or no time passed. */
export function ratesBetween(prev: NetCounters | null, cur: NetCounters): { rxBytesPerSec: number; txBytesPerSec: number } {
  const secs = prev ? (cur.at - prev.at) / 1000 : 0;
  if (!prev || secs <= 0) return { rxBytesPerSec: 0, txBytesPerSec: 0 };
  const rate = (d: number) => (d >= 0 ? Math.round(d / secs) : 0);
  return { rxBytesPerSec: rate(cur.rx - prev.rx), txBytesPerSec: rate(cur.tx - prev.tx) };
}

let last: NetCounters | null = null;

/** Rates since the previous call in this process (0 on the first). */
export function hostNetRates(): { rxBytesPerSec: number; txBytesPerSec: number } {
  let cur: NetCounters;
  try {
    cur = parseNetDev(readFileSync("/proc/net/dev", "utf8"), Date.now());
  } catch {
    return { rxBytesPerSec: 0, txBytesPerSec: 0 };
  }
  const rates = ratesBetween(last, cur);
  last = cur;
  return rates;
}
