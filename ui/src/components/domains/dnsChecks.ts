/**
 * DNS checks of domains, on demand. A check resolves every name of a domain and can take seconds
 * when a name doesn't resolve, so the Domains list never fires one per row by itself: the user
 * checks a row, or all rows (a few at a time). Results are kept for a while, so coming back to
 * the list shows them again without new lookups.
 */
import { createSignal } from "solid-js";
import { api, errorMessage, type DnsReport } from "../../api";

export type DnsState =
  | { loading: true }
  | { loading: false; report?: DnsReport; error?: string; at: number };

const FRESH_MS = 5 * 60_000;
const PARALLEL = 3;

const [states, setStates] = createSignal<Record<number, DnsState>>({});

export const dnsState = (id: number): DnsState | undefined => {
  const s = states()[id];
  return s && !s.loading && Date.now() - s.at > FRESH_MS ? undefined : s;
};

export async function checkDns(id: number): Promise<void> {
  if (states()[id]?.loading) return;
  setStates((m) => ({ ...m, [id]: { loading: true } }));
  try {
    const report = await api.domains.dns(id);
    setStates((m) => ({ ...m, [id]: { loading: false, report, at: Date.now() } }));
  } catch (e) {
    setStates((m) => ({ ...m, [id]: { loading: false, error: errorMessage(e), at: Date.now() } }));
  }
}

/** Checks every domain, PARALLEL at a time. */
export async function checkAllDns(ids: number[]): Promise<void> {
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) await checkDns(id);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
}
