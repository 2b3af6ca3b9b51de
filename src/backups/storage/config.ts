// What a user may enter as a backup target. Validated when a plan is saved; the storages
// trust it afterwards. Paths and prefixes are refused, not repaired, when they could climb.
import { isIP } from "node:net";
import { posix } from "node:path";
import { z } from "zod";
import { isSafeRelativePath } from "./keys.ts";
import type { StorageConfig } from "./types.ts";

const localPath = z
  .string()
  .trim()
  .min(1, "a folder is required")
  .max(4096)
  .refine((p) => p.startsWith("/"), 'must be an absolute path (starting with "/")')
  .refine((p) => !p.split("/").includes(".."), 'must not contain ".."')
  .refine((p) => !/[\u0000-\u001f]/.test(p), "must not contain control characters")
  .transform((p) => posix.normalize(p).replace(/\/+$/, "") || "/")
  .refine((p) => p !== "/", "must not be the filesystem root");

const endpoint = z
  .string()
  .trim()
  .refine((s) => URL.canParse(s), "must be a URL such as https://s3.eu-central-1.amazonaws.com")
  .transform((s) => new URL(s))
  .refine((u) => u.protocol === "http:" || u.protocol === "https:", "must start with http:// or https://")
  .refine((u) => !u.username && !u.password, "must not contain credentials; use the access key fields")
  .refine((u) => (u.pathname === "/" || u.pathname === "") && !u.search && !u.hash, "must be just scheme, host and port (path-style requests add the bucket)")
  .transform((u) => u.origin);

// S3's bucket naming rules, which R2, MinIO and the rest follow too.
const bucket = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be 3-63 characters of lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit")
  .refine((b) => !b.includes(".."), 'must not contain ".."')
  .refine((b) => !isIP(b), "must not look like an IP address");

const prefix = z
  .string()
  .trim()
  .max(512)
  .refine((p) => !p.startsWith("/"), 'must not start with "/"')
  .transform((p) => p.replace(/\/+$/, ""))
  .refine((p) => p === "" || isSafeRelativePath(p), 'must be folder names separated by "/", without "..", "." or empty parts')
  .transform((p) => (p === "" ? undefined : p));

const localSchema = z.object({ kind: z.literal("local"), path: localPath });

const s3Schema = z.object({
  kind: z.literal("s3"),
  endpoint,
  bucket,
  prefix: prefix.optional(),
  region: z.string().trim().regex(/^[a-z0-9-]{1,40}$/, "must be a region name such as eu-central-1").optional(),
  accessKeyId: z.string().trim().min(1, "an access key ID is required").max(256),
  secretAccessKey: z.string().min(1, "a secret access key is required").max(512),
});

export const storageConfigSchema: z.ZodType<StorageConfig> = z.discriminatedUnion("kind", [localSchema, s3Schema]);
