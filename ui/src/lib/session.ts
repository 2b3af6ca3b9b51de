/** The signed-in user and CSRF token, shared app-wide. */
import { createSignal } from "solid-js";
import type { Role, Session, User } from "../api";
import { setCsrfToken } from "../api/client";
import { disconnectLive } from "../api/ws";

const [user, setUser] = createSignal<User | null>(null);
export const currentUser = user;

export function setSession(s: Session): void {
  setCsrfToken(s.csrfToken);
  setUser(s.user);
}

export function updateCurrentUser(u: User): void {
  setUser(u);
}

export function clearSession(): void {
  setCsrfToken(null);
  setUser(null);
  disconnectLive();
}

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2, owner: 3 };

export const roleAtLeast = (role: Role | undefined, min: Role): boolean =>
  role !== undefined && RANK[role] >= RANK[min];

/** Reactive: does the signed-in user have at least this role? */
export const can = (min: Role): boolean => roleAtLeast(user()?.role, min);

/** Only accept same-app paths as a post-login destination (no open redirects). */
export function safeNext(next: string | undefined | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/login") || next.startsWith("/setup")) return "/";
  return next;
}

/** Whether first-run setup is still needed (null until GET /setup answered). */
const [setupNeeded, setSetupNeededSignal] = createSignal<boolean | null>(null);
export { setupNeeded };
export const setSetupNeeded = (v: boolean): void => {
  setSetupNeededSignal(v);
};
