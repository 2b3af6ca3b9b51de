// Bodies for storage tests: random bytes from a generator, produced only as fast as they are
// read (so memory tests measure the storage, not the test), with a digest of what was sent.

export interface Generated {
  stream: ReadableStream<Uint8Array>;
  /** sha256 (hex) of every byte produced so far. */
  digest(): string;
  produced(): number;
  /** Set when the consumer cancelled the stream. */
  cancelled(): boolean;
}

export interface GenerateOptions {
  chunk?: number;
  /** Throw this error instead of producing bytes past `failAt`. */
  failAt?: number;
  error?: Error;
  /** Called once `stallAt` bytes were produced; the stream then waits forever (for abort tests). */
  stallAt?: number;
  onStall?: () => void;
}

export function generated(total: number, opts: GenerateOptions = {}): Generated {
  const size = opts.chunk ?? 64 * 1024;
  const hasher = new Bun.CryptoHasher("sha256");
  let produced = 0;
  let cancelled = false;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    while (produced < total) {
      if (opts.failAt !== undefined && produced >= opts.failAt) throw opts.error ?? new Error("the producer failed");
      if (opts.stallAt !== undefined && produced >= opts.stallAt) {
        opts.onStall?.();
        await new Promise(() => {}); // never resolves: only abort gets the writer out
      }
      const chunk = randomBytes(Math.min(size, total - produced));
      hasher.update(chunk);
      produced += chunk.byteLength;
      yield chunk;
    }
  }
  const it = chunks();
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(ctl) {
        const next = await it.next();
        if (next.done) ctl.close();
        else ctl.enqueue(next.value);
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, digest: () => hasher.copy().digest("hex"), produced: () => produced, cancelled: () => cancelled };
}

// getRandomValues fills at most 64 KiB per call.
function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let off = 0; off < n; off += 65536) crypto.getRandomValues(out.subarray(off, Math.min(n, off + 65536)));
  return out;
}

export async function sha256Of(stream: ReadableStream<Uint8Array>): Promise<{ sha256: string; bytes: number }> {
  const hasher = new Bun.CryptoHasher("sha256");
  let bytes = 0;
  for await (const chunk of stream) {
    hasher.update(chunk);
    bytes += chunk.byteLength;
  }
  return { sha256: hasher.digest("hex"), bytes };
}

export const text = (s: string) => new Blob([s]).stream();
export const readText = async (s: ReadableStream<Uint8Array>) => new Response(s).text();

/** Peak RSS growth (bytes) over a baseline taken after a full GC, sampled while `work` runs. */
export async function rssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  Bun.gc(true);
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, growth: peak - base };
  } finally {
    clearInterval(timer);
  }
}
