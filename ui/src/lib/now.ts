import { createSignal, onCleanup } from "solid-js";

/** A clock signal (ms) that ticks while the calling component is mounted. */
export function useNow(intervalMs = 1000): () => number {
  const [now, setNow] = createSignal(Date.now());
  const t = setInterval(() => setNow(Date.now()), intervalMs);
  onCleanup(() => clearInterval(t));
  return now;
}
