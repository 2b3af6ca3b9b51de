// The agent's memory of recent calls, by command id: the panel sends a call again under the same
// id after a reconnect, and must get the first run's answer (or wait for the run still going),
// never a second run. The work is not tied to any connection: it goes on while the link is down.
import type { Response } from "../protocol/index.ts";

interface Entry {
  answer: Promise<Response>;
  /** When the run finished; null while it runs (a running entry is never evicted). */
  doneAt: number | null;
}

export class ResultStore {
  private entries = new Map<string, Entry>();

  constructor(
    /** How long a finished answer is kept (the panel's longest call timeout is well inside). */
    private readonly keepMs = 15 * 60_000,
    /** Finished answers kept at most; the oldest go first. */
    private readonly max = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The answer for this id: the stored one when it was asked before, else `run()`'s, started now. */
  answer(id: string, run: () => Promise<Response>): { answer: Promise<Response>; repeated: boolean } {
    this.evict();
    const known = this.entries.get(id);
    if (known) return { answer: known.answer, repeated: true };
    const entry: Entry = { answer: run(), doneAt: null };
    this.entries.set(id, entry);
    void entry.answer.finally(() => (entry.doneAt = this.now())).catch(() => undefined);
    return { answer: entry.answer, repeated: false };
  }

  get size(): number {
    return this.entries.size;
  }

  private evict(): void {
    const now = this.now();
    let finished = 0;
    for (const e of this.entries.values()) if (e.doneAt !== null) finished++;
    // Insertion order: the oldest first.
    for (const [id, e] of this.entries) {
      if (e.doneAt === null) continue;
      if (now - e.doneAt <= this.keepMs && finished < this.max) continue;
      this.entries.delete(id);
      finished--;
    }
  }
}
