// The storage errors a user can act on, with stable codes. A bad target is the plan's
// settings being wrong ("invalid": fix the form); an unreachable one may come back later.
import { DomainError, invalid, notFound } from "../../lib/errors.ts";

export const unreachable = (where: string, why: string) =>
  new DomainError("unavailable", "storage_unreachable", `Backup storage ${where} cannot be reached: ${why}.`);

export const authFailed = (where: string, why: string) =>
  invalid("storage_auth_failed", `Backup storage ${where} refused the credentials: ${why}.`);

export const bucketNotFound = (bucket: string, endpoint: string) =>
  invalid("bucket_not_found", `Bucket "${bucket}" does not exist at ${endpoint}.`);

export const notWritable = (where: string, why: string) =>
  invalid("storage_not_writable", `Backup storage ${where} is not writable: ${why}.`);

export const objectMissing = (key: string) =>
  notFound("backup_object_missing", `"${key}" is missing from backup storage; the backup is incomplete or was removed.`);

export const storageFailed = (where: string, why: string, details?: unknown) =>
  new DomainError("unavailable", "storage_failed", `Backup storage ${where} failed: ${why}.`, details);
