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

/** Pages whose resources live on one server: the top bar's picker shows there and sets ?server=. */
const SCOPED = [/^\/$/, /^\/apps(\/new)?\/?$/, /^\/containers(\/|$)/, /^\/templates(\/|$)/, /^\/backups\/?$/];
export const isServerScoped = (pathname: string): boolean => SCOPED.some((re) => re.test(pathname));
