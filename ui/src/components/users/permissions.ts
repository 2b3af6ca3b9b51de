import type { Role, User } from "../../api";

/** Roles the signed-in user may hand out (only an owner may create admins; nobody creates owners). */
export function assignableRoles(me: User | null): Role[] {
  if (me?.role === "owner") return ["admin", "operator", "viewer"];
  if (me?.role === "admin") return ["operator", "viewer"];
  return [];
}

/** Whether the signed-in user may change/disable/delete this user (never themselves). */
export function canManage(me: User | null, target: User): boolean {
  if (!me || me.id === target.id) return false;
  if (me.role === "owner") return true;
  if (me.role === "admin") return target.role === "operator" || target.role === "viewer";
  return false;
}

export const ROLE_LABEL: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  operator: "Operator",
  viewer: "Viewer",
};

export const ROLE_HELP: Record<Role, string> = {
  owner: "Everything, including other owners' settings.",
  admin: "Manages users, settings and all resources.",
  operator: "Deploys, restarts and runs jobs; can't manage users.",
  viewer: "Read-only access.",
};
