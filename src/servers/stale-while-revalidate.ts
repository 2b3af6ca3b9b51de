// Serves the last value at once and refreshes it in the background when it is older than
// `maxAgeMs`. Host facts come from slow system calls; an API read must not wait for them.
export function staleWhileRevalidate<T>(load: () => Promise<T>, maxAgeMs: number): () => Promise<T> {
  let value: { at: number; data: T } | undefined;
  let inflight: Promise<T> | undefined;
  const refresh = () =>
    (inflight ??= load()
      .then((data) => {
        value = { at: Date.now(), data };
        return data;
      })
      .finally(() => {
        inflight = undefined;
      }));
  return async () => {
    if (!value) return refresh();
    if (Date.now() - value.at > maxAgeMs) refresh().catch(() => undefined);
    return value.data;
  };
}
