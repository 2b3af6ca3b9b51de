// TOTP 2FA (RFC 6238 via otpauth) with one-time recovery codes.
import type * as OTPAuthModule from "otpauth";
import { randomBytes } from "node:crypto";
import { sha256, type SecretBox } from "../lib/crypto.ts";
import { invalid } from "../lib/errors.ts";
import { invalidCode, userNotFound } from "./errors.ts";
import type { AuthRepo, UserRow } from "./repo.ts";

const ISSUER = "ServerKit";
const PERIOD = 30;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o/1/l/i: codes get read aloud and typed

// Loaded on first use: most requests never touch 2FA, and an idle panel should stay small.
const loadOtpauth = (): Promise<typeof OTPAuthModule> => import("otpauth");

async function totpFor(secretBase32: string, label: string): Promise<OTPAuthModule.TOTP> {
  const OTPAuth = await loadOtpauth();
  return new OTPAuth.TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: PERIOD, secret: OTPAuth.Secret.fromBase32(secretBase32) });
}

function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

const normaliseRecovery = (code: string) => code.trim().toLowerCase().replace(/\s+/g, "");

export class TwoFactor {
  constructor(
    private readonly repo: AuthRepo,
    private readonly box: SecretBox,
  ) {}

  async enroll(user: UserRow): Promise<{ secret: string; otpauthUrl: string; qrSvg: string }> {
    if (user.totpEnabled) throw invalid("totp_already_enabled", "Two-factor authentication is already on. Disable it first to enrol a new device.");
    const secret = new (await loadOtpauth()).Secret({ size: 20 }).base32;
    await this.repo.updateUser(user.id, { totpPendingSecret: this.box.encrypt(secret) });
    const otpauthUrl = (await totpFor(secret, user.username)).toString();
    const QRCode = (await import("qrcode")).default; // only enrolment needs it
    const qrSvg = await QRCode.toString(otpauthUrl, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
    return { secret, otpauthUrl, qrSvg };
  }

  /** Proves the device works, turns 2FA on and returns fresh recovery codes (shown once). */
  async enable(user: UserRow, code: string): Promise<string[]> {
    if (!user.totpPendingSecret) throw invalid("totp_not_enrolled", "Start enrolment first.");
    const secret = this.box.decrypt(user.totpPendingSecret);
    const step = await this.matchStep(secret, user.username, code);
    if (step === undefined) throw invalid("invalid_code", "That code is not valid. Check the time on your phone and try the current code.");
    const codes = Array.from({ length: 10 }, newRecoveryCode);
    await this.repo.updateUser(user.id, { totpSecret: user.totpPendingSecret, totpPendingSecret: null, totpEnabled: true, totpLastStep: step });
    await this.repo.replaceRecoveryCodes(user.id, codes.map((c) => sha256(normaliseRecovery(c))));
    return codes;
  }

  async disable(userId: number): Promise<void> {
    const user = await this.repo.userById(userId);
    if (!user) throw userNotFound();
    await this.repo.updateUser(userId, { totpSecret: null, totpPendingSecret: null, totpEnabled: false, totpLastStep: null });
    await this.repo.replaceRecoveryCodes(userId, []);
  }

  /** Accepts a current TOTP code (once) or an unused recovery code (once). */
  async verify(user: UserRow, code: string): Promise<"totp" | "recovery"> {
    if (!user.totpEnabled || !user.totpSecret) throw invalidCode();
    const trimmed = code.replace(/\s+/g, "");
    if (/^\d{6}$/.test(trimmed)) {
      const step = await this.matchStep(this.box.decrypt(user.totpSecret), user.username, trimmed);
      if (step !== undefined && (await this.repo.claimTotpStep(user.id, step))) return "totp";
      throw invalidCode();
    }
    if (await this.repo.useRecoveryCode(user.id, sha256(normaliseRecovery(code)))) return "recovery";
    throw invalidCode();
  }

  private async matchStep(secret: string, label: string, code: string): Promise<number | undefined> {
    const delta = (await totpFor(secret, label)).validate({ token: code.replace(/\s+/g, ""), window: 1 });
    if (delta === null) return undefined;
    return Math.floor(Date.now() / 1000 / PERIOD) + delta;
  }
}

/** For tests and the CLI: the code an authenticator app would show now. */
export async function currentCode(secretBase32: string): Promise<string> {
  return (await totpFor(secretBase32, "x")).generate();
}
