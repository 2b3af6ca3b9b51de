// Domain errors carry a stable machine code and a kind; only src/http/errors.ts turns
// the kind into an HTTP status, so domains never know about HTTP.
export type ErrorKind =
  | "invalid"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "unavailable"
  | "internal";

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const invalid = (code: string, message: string, details?: unknown) =>
  new DomainError("invalid", code, message, details);
export const notFound = (code: string, message: string) => new DomainError("not_found", code, message);
export const conflict = (code: string, message: string, details?: unknown) =>
  new DomainError("conflict", code, message, details);
export const forbidden = (code: string, message: string) => new DomainError("forbidden", code, message);
export const unauthorized = (code: string, message: string) => new DomainError("unauthorized", code, message);
