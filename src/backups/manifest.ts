// The manifest says what a backup holds (its parts, their sizes and sha256) and is signed
// with HMAC-SHA256, so a restore can trust it before reading anything else: a part whose
// bytes differ from the signed sha256 is refused before it touches the server.
//
// The MAC covers a canonical JSON (keys sorted at every level, no whitespace) of everything
// but `mac`, so the stored file may be pretty-printed or re-serialised without breaking it.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { invalid } from "../lib/errors.ts";

export interface ManifestPart {
  id: string;
  kind: "volume" | "files" | "database";
  /** Volume name, "app files", or database name. */
  name: string;
  /** File name beside the manifest, e.g. "002-db-shop.sql.zst.sealed". */
  file: string;
  format: "tar.zst" | "sql.zst" | "pg-custom" | "redis-rdb" | "mongo-archive";
  /** Size of the sealed file. */
  bytes: number;
  /** sha256 (hex) of the sealed file. */
  sha256: string;
  plainBytes: number;
  /**
   * Volume and files parts: their sealed listing of every regular file (path, size, sha256)
   * and hard link, one JSON line each, stored beside the part. Backups made before listings
   * existed have none; a drill then checks counts only.
   */
  files?: { file: string; bytes: number; sha256: string; count: number };
  /** Anything a restore or a drill wants to compare (engine, table row counts...). */
  meta?: Record<string, unknown>;
}

export interface Manifest {
  version: 1;
  backupId: string;
  createdAt: string;
  app: { id: number; name: string } | null;
  /** The database server the backup covers, when it is a database backup. */
  database?: { id: number; engine: string; name: string } | null;
  parts: ManifestPart[];
  mac: string;
}

const hex64 = /^[0-9a-f]{64}$/;
// A bare file name: restore joins it to the backup's folder, so no separators and no "..".
const fileName = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const count = z.number().int().nonnegative();

const partSchema = z.strictObject({
  id: z.string().min(1).max(200),
  kind: z.enum(["volume", "files", "database"]),
  name: z.string().min(1).max(500),
  file: z.string().max(255).regex(fileName),
  format: z.enum(["tar.zst", "sql.zst", "pg-custom", "redis-rdb", "mongo-archive"]),
  bytes: count,
  sha256: z.string().regex(hex64),
  plainBytes: count,
  files: z.strictObject({ file: z.string().max(255).regex(fileName), bytes: count, sha256: z.string().regex(hex64), count }).optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});

const manifestSchema = z.strictObject({
  version: z.literal(1),
  backupId: z.string().min(1).max(200),
  createdAt: z.iso.datetime({ offset: true }),
  app: z.strictObject({ id: count, name: z.string() }).nullable(),
  database: z.strictObject({ id: count, engine: z.string(), name: z.string() }).nullable().optional(),
  parts: z
    .array(partSchema)
    .refine((parts) => new Set(parts.map((p) => p.id)).size === parts.length, "part ids must be unique")
    .refine((parts) => new Set(parts.map((p) => p.file)).size === parts.length, "part files must be unique"),
  mac: z.string().regex(hex64),
});

/** Signs a manifest. What is signed is the JSON form, so the result survives JSON.stringify/parse exactly. */
export function signManifest(key: Uint8Array, m: Omit<Manifest, "mac">): Manifest {
  // The round trip drops undefined fields and anything JSON cannot hold, so the signature
  // is over exactly what will be read back from the file.
  const body = JSON.parse(JSON.stringify(m)) as Omit<Manifest, "mac">;
  const signed = { ...body, mac: macOf(key, body) };
  const checked = manifestSchema.safeParse(signed);
  if (!checked.success) throw invalid("manifest_invalid", `Refusing to sign an invalid backup manifest: ${issues(checked.error)}`);
  return signed;
}

/**
 * Parses and authenticates a manifest file. The MAC is checked before the schema, so nothing
 * of an altered manifest is interpreted; manifest_invalid means it is not a manifest at all,
 * manifest_mismatch that it was altered or signed under another panel's key.
 */
export function verifyManifest(key: Uint8Array, text: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalid("manifest_invalid", "The backup manifest is not valid JSON.");
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw invalid("manifest_invalid", "The backup manifest is not a JSON object.");
  const { mac, ...body } = raw as Record<string, unknown>;
  if (typeof mac !== "string" || !hex64.test(mac)) throw invalid("manifest_invalid", "The backup manifest has no valid signature field.");
  if (!timingSafeEqual(Buffer.from(mac, "hex"), Buffer.from(macOf(key, body), "hex"))) {
    throw invalid("manifest_mismatch", "The backup manifest does not match its signature: it was altered, or it was made by a panel with a different secret key.");
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw invalid("manifest_invalid", `The backup manifest is signed but malformed: ${issues(parsed.error)}`);
  return parsed.data;
}

/** JSON with keys sorted at every level and no whitespace: one byte string per value. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const fields = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`);
    return `{${fields.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function macOf(key: Uint8Array, body: unknown): string {
  return createHmac("sha256", macKey(key)).update(canonicalJson(body)).digest("hex");
}

// Its own key, derived from the one given, so the same backup key is never used both to
// encrypt (AES-GCM) and to sign (HMAC).
function macKey(key: Uint8Array): Buffer {
  return Buffer.from(hkdfSync("sha256", key, new Uint8Array(0), "serverkit backup manifest mac v1", 32));
}

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
}
