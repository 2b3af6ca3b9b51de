import { DomainError } from "../lib/errors.ts";

export const invalidCredentials = () =>
  new DomainError("unauthorized", "invalid_credentials", "Wrong username or password.");
export const invalidCode = () => new DomainError("unauthorized", "invalid_code", "That code is not valid. Try the current code from your app, or a recovery code.");
export const tooManyAttempts = (retryAfterSeconds: number) =>
  new DomainError("rate_limited", "too_many_attempts", `Too many failed attempts. Try again in ${retryAfterSeconds} s.`, {
    retryAfterSeconds,
  });
export const setupComplete = () => new DomainError("not_found", "setup_complete", "Setup is already complete.");
export const userNotFound = () => new DomainError("not_found", "user_not_found", "No such user.");
export const usernameTaken = (username: string) =>
  new DomainError("conflict", "username_taken", `The username "${username}" is already taken.`);
export const challengeInvalid = () =>
  new DomainError("unauthorized", "challenge_invalid", "This sign-in attempt expired. Enter your username and password again.");
