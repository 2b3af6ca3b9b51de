// Turns what Bun.S3Client throws into storage errors with stable codes. Bun reports both the
// server's S3 error codes ("NoSuchBucket", "AccessDenied") and its own transport failures
// ("ConnectionRefused", "DNSResolveFailed") as S3Error with a `code`, so the code decides.
import type { DomainError } from "../../lib/errors.ts";
import { authFailed, bucketNotFound, notWritable, storageFailed, unreachable } from "./errors.ts";

const AUTH = new Set([
  "AccessDenied",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "AuthorizationHeaderMalformed",
  "InvalidToken",
  "ExpiredToken",
  "TokenRefreshRequired",
  "AccountProblem",
  "InvalidSecurity",
  "ERR_S3_MISSING_CREDENTIALS",
  "ERR_S3_INVALID_SIGNATURE",
]);

const NETWORK = new Set([
  "ConnectionRefused",
  "ConnectionClosed",
  "ConnectionReset",
  "ConnectionTimedOut",
  "DNSResolveFailed",
  "FailedToOpenSocket",
  "UnableToConnect",
  "NetworkUnreachable",
  "HostUnreachable",
  "Timeout",
  "TimedOut",
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

// TLS failures: the endpoint answers but cannot be trusted, which to a user is "cannot reach it safely".
const TLS = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL/;

export interface S3Where {
  label: string;
  bucket: string;
  endpoint: string;
}

export const codeOf = (err: unknown): string | undefined => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
};

export const isNotFound = (err: unknown) => {
  const code = codeOf(err);
  return code === "NoSuchKey" || code === "NotFound";
};

/**
 * Maps an S3 failure. `op` says what was being done: AccessDenied while writing or deleting
 * means the credentials work but may not write, which a user fixes differently.
 */
export function s3Error(err: unknown, where: S3Where, op: "read" | "write" = "read"): DomainError {
  const code = codeOf(err) ?? "";
  const message = (err as Error | null)?.message ?? String(err);
  if (code === "NoSuchBucket") return bucketNotFound(where.bucket, where.endpoint);
  if (AUTH.has(code)) {
    return op === "write" && code === "AccessDenied" ? notWritable(where.label, `the server says ${code}`) : authFailed(where.label, `the server says ${code}`);
  }
  if (NETWORK.has(code)) return unreachable(where.label, code);
  if (TLS.test(code)) return unreachable(where.label, `TLS: ${code}`);
  return storageFailed(where.label, code ? `${code}: ${message}` : message, code ? { code } : undefined);
}
