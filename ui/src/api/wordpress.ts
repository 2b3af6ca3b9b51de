/** WordPress tools on an app that runs WordPress (src/http/routes/wordpress.ts). */
import { http } from "./client";
import type { Job } from "./types";
import type { AppId } from "./types-apps";

const enc = (id: string | number) => encodeURIComponent(id);

export interface WordPressExtension {
  slug: string;
  name: string;
  version: string | null;
  active: boolean;
}

export interface WordPressInfo {
  /** null when wp-includes/version.php couldn't be read. */
  version: string | null;
  siteUrl: string | null;
  home: string | null;
  tablePrefix: string;
  maintenance: boolean;
  plugins: WordPressExtension[];
  themes: WordPressExtension[];
  hardening: { fileEditDisallowed: boolean; debug: boolean; saltsSet: boolean };
}

export interface PermissionProblem {
  path: string;
  mode: string;
  owner: string;
  problem: string;
}

export const wordpressApi = {
  /** 400 not_wordpress when the app isn't WordPress. */
  get: (appId: AppId) => http.get<{ wordpress: WordPressInfo }>(`/apps/${enc(appId)}/wordpress`),
  /** A `wordpress.site-url` job (a search-replace over the site's database). */
  siteUrl: (appId: AppId, url: string, dryRun: boolean) => http.post<{ job: Job }>(`/apps/${enc(appId)}/wordpress/site-url`, { url, dryRun }),
  /** The new password is in this answer only. */
  resetAdminPassword: (appId: AppId, login?: string) =>
    http.post<{ login: string; password: string }>(`/apps/${enc(appId)}/wordpress/admin-password`, login ? { login } : {}),
  maintenance: (appId: AppId, enabled: boolean) => http.post<{ maintenance: boolean }>(`/apps/${enc(appId)}/wordpress/maintenance`, { enabled }),
  harden: (appId: AppId) => http.post<{ changed: string[] }>(`/apps/${enc(appId)}/wordpress/harden`, {}),
  permissions: (appId: AppId) => http.get<{ checked: number; problems: PermissionProblem[] }>(`/apps/${enc(appId)}/wordpress/permissions`),
};
