/** Private URLs: unguessable /p/<token>/ links on the server's default vhost, for apps without a domain. */
import { http } from "./client";
import type { AppId } from "./types-apps";

export interface PrivateUrl {
  id: number | string;
  appId: number;
  token: string;
  /** "/p/<token>/" */
  path: string;
  /** http://<server address>[:port]/p/<token>/ when the panel knows the server's address. */
  url?: string | null;
  port: number;
  basicAuthUser: string | null;
  createdAt: string;
}

export interface NewPrivateUrl {
  appId: number;
  port?: number;
  basicAuth?: { username: string; password: string };
}

export const privateUrlsApi = {
  list: (app: AppId) => http.get<{ items: PrivateUrl[] }>("/private-urls", { query: { app } }),
  create: (body: NewPrivateUrl) => http.post<{ privateUrl: PrivateUrl }>("/private-urls", body),
  revoke: (id: PrivateUrl["id"]) => http.del<{ privateUrl: PrivateUrl }>(`/private-urls/${encodeURIComponent(id)}`),
};

/**
 * Served by nginx's default server: shown on the host the panel is reached on, with nginx's HTTP
 * port when the API's `url` names one (80 otherwise).
 */
export function privateUrlHref(p: Pick<PrivateUrl, "path" | "url">): string {
  let port = "";
  try {
    port = p.url ? new URL(p.url).port : "";
  } catch {
    port = "";
  }
  return `http://${location.hostname}${port ? `:${port}` : ""}${p.path}`;
}
