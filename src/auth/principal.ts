import { iso } from "../lib/time.ts";
import type { UserRow } from "./repo.ts";
import type { Role } from "./roles.ts";

/** Who is making a request, and how they proved it. */
export interface Principal {
  userId: number;
  username: string;
  role: Role;
  via: "session" | "token";
  sessionId?: string;
  csrfToken?: string;
  tokenScope?: "read" | "write";
}

export interface PublicUser {
  id: number;
  username: string;
  email: string | null;
  role: Role;
  totpEnabled: boolean;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export function toPublicUser(u: UserRow): PublicUser {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    role: u.role,
    totpEnabled: u.totpEnabled,
    disabled: u.disabled,
    createdAt: iso(u.createdAt)!,
    lastLoginAt: iso(u.lastLoginAt),
  };
}
