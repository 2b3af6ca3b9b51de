// Reading a body chunk by chunk with an abort signal, shared by both storages. Each chunk is
// written before the next is read, so memory holds one chunk, not the object.

/**
 * Yields the chunks of `body`. Throws the signal's reason as soon as it fires (even while a
 * read is pending), and cancels `body` whenever reading stops early (abort, error, or the
 * consumer giving up) so that the producer stops too.
 */
export async function* chunksOf(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = body.getReader();
  // Cancelling resolves a pending read() at once, which is what makes abort prompt.
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => {});
  signal?.addEventListener("abort", onAbort, { once: true });
  let drained = false;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      signal?.throwIfAborted();
      if (done) {
        drained = true;
        return;
      }
      if (value.byteLength > 0) yield value;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    if (!drained) await reader.cancel(signal?.reason).catch(() => {});
  }
}
