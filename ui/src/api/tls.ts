/** Certificate settings: ACME directory, contact email, Cloudflare (DNS-01) credentials. */
import { http } from "./client";

export interface AcmePreset {
  id: string;
  label: string;
  url: string;
}

export interface TlsSettings {
  directoryUrl: string;
  presets: AcmePreset[];
  email: string | null;
  /** The token is write-only: the API only says whether one is set. */
  cloudflare: { apiBase: string; tokenSet: boolean };
}

export interface TlsSettingsChange {
  directoryUrl?: string;
  email?: string | null;
  /** token: a new value replaces the stored one, null clears it, absent keeps it. */
  cloudflare?: { apiBase?: string; token?: string | null };
}

export const tlsApi = {
  settings: () => http.get<TlsSettings>("/tls/settings"),
  saveSettings: (body: TlsSettingsChange) => http.put<TlsSettings>("/tls/settings", body),
};
