/** The server picked in the top bar (resources live on a server). Persisted per browser. */
import { createSignal } from "solid-js";

const KEY = "sk-server";

function initial(): string {
  try {
    return localStorage.getItem(KEY) || "local";
  } catch {
    return "local";
  }
}

const [serverId, setServerIdSignal] = createSignal(initial());
export const selectedServerId = serverId;

export function selectServer(id: string): void {
  setServerIdSignal(id);
  try {
    localStorage.setItem(KEY, id);
  } catch {
    // ignore: storage unavailable
  }
}
