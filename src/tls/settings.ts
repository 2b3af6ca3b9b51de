// Certificate settings an admin changes in the UI: which ACME directory, the contact email,
// and the Cloudflare API token for DNS-01. The token is sealed before it reaches the database
// and never leaves the panel again (the API only says whether one is set).
import { z } from "zod";
import type { SecretBox } from "../lib/crypto.ts";
import type { TlsRepo } from "./repo.ts";

export const CLOUDFLARE_API = "https://api.cloudflare.com/client/v4";

export const directoryPresets = [
  { id: "letsencrypt", label: "Let's Encrypt", url: "https://acme-v02.api.letsencrypt.org/directory" },
  { id: "letsencrypt-staging", label: "Let's Encrypt staging (untrusted test certificates)", url: "https://acme-staging-v02.api.letsencrypt.org/directory" },
] as const;

const stored = z.object({
  directoryUrl: z.string().url().optional(),
  email: z.string().email().nullable().optional(),
  cloudflare: z.object({ apiBase: z.string().url(), tokenEnc: z.string().nullable() }).optional(),
});

const httpsUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL");

export const settingsChangeSchema = z
  .object({
    directoryUrl: httpsUrl.optional(),
    email: z.string().email().max(254).nullable().optional(),
    cloudflare: z
      .object({ apiBase: httpsUrl.optional(), token: z.string().min(1).max(500).regex(/^[\x21-\x7e]+$/, "no spaces or control characters").nullable().optional() })
      .strict()
      .optional(),
  })
  .strict();
export type SettingsChange = z.infer<typeof settingsChangeSchema>;

export interface PublicTlsSettings {
  directoryUrl: string;
  presets: { id: string; label: string; url: string }[];
  email: string | null;
  cloudflare: { apiBase: string; tokenSet: boolean };
}

/** What an issuance needs, secrets opened. */
export interface EffectiveTlsSettings {
  directoryUrl: string;
  email: string | null;
  cloudflare: { apiBase: string; token: string | null };
}

const KEY = "tls";

export class TlsSettings {
  constructor(
    private readonly repo: TlsRepo,
    private readonly box: SecretBox,
    private readonly defaults: { directoryUrl: string },
  ) {}

  private async load() {
    return stored.parse((await this.repo.setting(KEY)) ?? {});
  }

  async effective(): Promise<EffectiveTlsSettings> {
    const s = await this.load();
    const enc = s.cloudflare?.tokenEnc;
    return {
      directoryUrl: s.directoryUrl ?? this.defaults.directoryUrl,
      email: s.email ?? null,
      cloudflare: { apiBase: s.cloudflare?.apiBase ?? CLOUDFLARE_API, token: enc ? this.box.decrypt(enc) : null },
    };
  }

  async get(): Promise<PublicTlsSettings> {
    const s = await this.load();
    return {
      directoryUrl: s.directoryUrl ?? this.defaults.directoryUrl,
      presets: directoryPresets.map((p) => ({ ...p })),
      email: s.email ?? null,
      cloudflare: { apiBase: s.cloudflare?.apiBase ?? CLOUDFLARE_API, tokenSet: Boolean(s.cloudflare?.tokenEnc) },
    };
  }

  async change(input: SettingsChange): Promise<PublicTlsSettings> {
    const s = await this.load();
    const cf = s.cloudflare ?? { apiBase: CLOUDFLARE_API, tokenEnc: null };
    const next = {
      directoryUrl: input.directoryUrl ?? s.directoryUrl,
      email: input.email === undefined ? s.email : input.email,
      cloudflare: {
        apiBase: input.cloudflare?.apiBase ?? cf.apiBase,
        // undefined keeps the token, null clears it, a string replaces it
        tokenEnc:
          input.cloudflare?.token === undefined ? cf.tokenEnc : input.cloudflare.token === null ? null : this.box.encrypt(input.cloudflare.token),
      },
    };
    await this.repo.saveSetting(KEY, next);
    return this.get();
  }
}
