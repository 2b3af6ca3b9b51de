// Login throttling per IP and per account. After `free` failures each further failure doubles
// the wait (1 s, 2 s, 4 s ... capped at 15 min). Kept in memory: a restart forgives, which is
// acceptable because an attacker cannot restart the panel.
const CAP_MS = 15 * 60_000;
const FORGET_AFTER_MS = 60 * 60_000;

interface Entry {
  failures: number;
  blockedUntil: number;
  lastAt: number;
}

export class Throttle {
  private entries = new Map<string, Entry>();

  constructor(private readonly free: number) {}

  /** Seconds the caller must still wait, or 0. */
  retryAfter(keys: string[], now = Date.now()): number {
    let wait = 0;
    for (const k of keys) {
      const e = this.entries.get(k);
      if (e && e.blockedUntil > now) wait = Math.max(wait, Math.ceil((e.blockedUntil - now) / 1000));
    }
    return wait;
  }

  fail(keys: string[], now = Date.now()): void {
    for (const k of keys) {
      const e = this.entries.get(k) ?? { failures: 0, blockedUntil: 0, lastAt: now };
      e.failures += 1;
      e.lastAt = now;
      if (e.failures >= this.free) e.blockedUntil = now + Math.min(CAP_MS, 1000 * 2 ** (e.failures - this.free));
      this.entries.set(k, e);
    }
    this.sweep(now);
  }

  succeed(keys: string[]): void {
    for (const k of keys) this.entries.delete(k);
  }

  private sweep(now: number): void {
    if (this.entries.size < 10_000) return;
    for (const [k, e] of this.entries) if (now - e.lastAt > FORGET_AFTER_MS) this.entries.delete(k);
  }
}
