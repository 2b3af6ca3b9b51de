import { randomBytes } from "node:crypto";

/** Random URL-safe identifier; 16 bytes = 128 bits unless asked otherwise. */
export function randomId(bytes = 16): string {
  return randomBytes(bytes).toString("base64url");
}

/** Sortable job/entity id: time prefix keeps lists ordered, random suffix keeps it unguessable. */
export function sortableId(): string {
  return Date.now().toString(36).padStart(9, "0") + randomBytes(8).toString("hex");
}
