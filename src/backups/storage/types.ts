// Where backups are stored: one interface, a local-folder and an S3 implementation, so the
// backup writer, restore and retention never know which one they are talking to.

export interface StoredObject {
  /** Relative key, as given to put() ("plan-3/2026-11-24T05-00-00Z-abc/manifest.json"). */
  key: string;
  bytes: number;
  /** Epoch milliseconds. */
  modifiedAt: number;
}

/**
 * Keys are relative paths made of "/"-separated segments: no leading "/", no "." or ".."
 * segments, no empty segments, no backslashes or control characters, and not ending in
 * ".partial" (local storage's in-progress suffix). Anything else is refused with
 * "storage_key_invalid" by both implementations alike.
 *
 * Prefixes given to list() and deletePrefix() name a folder: "plan-3" and "plan-3/" both mean
 * everything inside plan-3/, never "plan-30/...". This keeps retention from deleting a
 * neighbour whose name merely starts with the same characters.
 */
export interface BackupStorage {
  readonly kind: "local" | "s3";
  /** "local /var/backups/serverkit" or "s3 bucket/prefix @ endpoint"; never holds secrets. */
  readonly label: string;
  /**
   * Checks the target is usable before a plan is saved: local dir writable (creates it 0700),
   * S3 bucket reachable and writable (write + read back + delete a small probe object).
   * Errors: "storage_unreachable", "storage_auth_failed" (as far as the server tells),
   * "bucket_not_found", "storage_not_writable".
   */
  test(): Promise<void>;
  /**
   * Streams `body` to `key`. Resolves only when the object is completely and durably written
   * (local: `<key>.partial`, fsync, rename; S3: multipart completes). On error or abort the
   * partial object/upload is removed/aborted and the promise rejects with the body's error,
   * the signal's reason, or a storage DomainError. Returns bytes written.
   */
  put(key: string, body: ReadableStream<Uint8Array>, opts?: { signal?: AbortSignal }): Promise<number>;
  /**
   * Local storage only: `fill` writes the object through a file descriptor (a helper process
   * writing into it directly), with put()'s guarantees. Absent where objects are not files.
   */
  putFromFd?<T>(key: string, fill: (fd: number) => Promise<T>): Promise<T>;
  /** A stream of the object; a missing object is DomainError not_found "backup_object_missing". */
  get(key: string): Promise<ReadableStream<Uint8Array>>;
  stat(key: string): Promise<{ bytes: number } | null>;
  /** Every object inside the folder `prefix` ("" = everything), sorted by key. */
  list(prefix: string): Promise<StoredObject[]>;
  /** Removes one object; a missing one is fine. */
  delete(key: string): Promise<void>;
  /**
   * Removes every object inside the folder `prefix` (must not be empty); returns how many.
   * What a crash left there goes too: local `.partial` files, S3 multipart uploads in progress.
   */
  deletePrefix(prefix: string): Promise<number>;
}

export type StorageConfig =
  | { kind: "local"; path: string }
  | { kind: "s3"; endpoint: string; bucket: string; prefix?: string; region?: string; accessKeyId: string; secretAccessKey: string };
