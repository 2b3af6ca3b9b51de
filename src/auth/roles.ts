// Who may do what, in one table. Routes name a permission; only this file maps it to a role.
export const roles = ["viewer", "operator", "admin", "owner"] as const;
export type Role = (typeof roles)[number];

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2, owner: 3 };

export const permissions = {
  "profile:manage": "viewer", // own password, 2FA, API tokens
  "servers:read": "viewer",
  "servers:manage": "admin", // add (one-time agent tokens) and revoke servers
  "jobs:read": "viewer",
  "jobs:run": "operator",
  "jobs:cancel": "operator",
  "users:read": "admin",
  "users:manage": "admin",
  "audit:read": "admin",
  "api:docs": "viewer",
  "docker:read": "viewer", // containers, images, volumes, networks, logs, stats
  "docker:manage": "operator", // start/stop/remove containers, pull/remove images...
  "apps:read": "viewer",
  "apps:manage": "operator", // deploy, edit, start/stop, remove apps; read their env (secrets)
  // Compose that can reach the host as root: bind mounts outside the app folder, privileged,
  // host network/PID, the Docker socket. Operators must not be able to escalate through it.
  "apps:privileged": "admin",
  "tls:settings": "admin",
  "databases:read": "viewer", // servers, databases, users (never passwords)
  "databases:manage": "operator", // create/drop databases and users, link to apps, reveal credentials (audited)
  "databases:servers": "admin",
  "backups:read": "viewer", // plans (never storage keys), runs, verification
  "backups:run": "operator", // start a plan's backup now
  "backups:manage": "admin", // create/remove plans (storage credentials), restore (replaces live data) // register, discover and remove database servers (their admin accounts) // ACME directory, contact email, Cloudflare token
  "alerts:read": "viewer", // rules, firing alerts, history
  "alerts:manage": "operator", // create/edit/mute rules; see channel names to pick from
  "notify:manage": "admin", // notification channels (SMTP passwords, bot tokens, webhook secrets)
  "projects:read": "viewer", // projects, environments, sync rules and runs with their reports
  "projects:manage": "operator", // create/edit projects and environments, upload serverkit.yaml
  "projects:sync": "operator", // start syncs and dry runs, revert a sync
  "wordpress:manage": "operator", // WordPress tools: URL change, admin password reset, maintenance, hardening
  // Raw nginx directives run in the web server every domain shares.
  "domains:snippet": "owner",
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof permissions;

export function roleAtLeast(role: Role, min: Role): boolean {
  return rank[role] >= rank[min];
}

export function can(role: Role, permission: Permission): boolean {
  return roleAtLeast(role, permissions[permission]);
}

/** An actor may hand out or change roles strictly below their own (owners may make admins). */
export function canAssign(actor: Role, target: Role): boolean {
  return target !== "owner" && rank[actor] > rank[target];
}
